package dev.audguard.jaxrs;

import dev.audguard.core.TokenValidator;
import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.SubjectTokenSource;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Application;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token of the request being served is bound to its thread only while a synchronous resource
 * method runs: on a server with one worker thread, the next request on that thread never sees the
 * previous request's token, whether that request ended normally, with an exception no mapper
 * handled, or with a failing response filter that kept the adapter's from running.
 */
class ThreadBindingIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static TestServer server;
    private static SubjectTokenSource source;

    @BeforeAll
    static void start() {
        BearerTokenFeature feature = BearerTokenFeature.builder(
                TokenValidator.builder().issuer(issuer.realm("demo").issuerUrl()).audience("service-b").build()).build();
        source = feature.subjectTokenSource();
        server = JerseyServer.start(new Application() {
            @SuppressWarnings("deprecation") // the portable way to hand over instances without CDI
            @Override
            public Set<Object> getSingletons() {
                return Set.of(feature, new Probe(feature.subjectTokenSource()), new FailingResponseFilter());
            }
        }, true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An application response filter that fails on one path: the framework then skips the response filters after it. */
    @Priority(Priorities.USER)
    public static final class FailingResponseFilter implements ContainerResponseFilter {
        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            if (request.getUriInfo().getPath().endsWith("broken-response")) {
                throw new IllegalStateException("the application's response filter fails");
            }
        }
    }

    @Path("probe")
    public static final class Probe {
        private final SubjectTokenSource source;

        Probe(SubjectTokenSource source) {
            this.source = source;
        }

        private String seen() {
            return "thread=" + Thread.currentThread().getName() + "\nsubject="
                    + source.currentSubjectToken().map(SubjectToken::fingerprint).orElse("none") + "\n";
        }

        @GET
        public String authenticated() {
            return seen();
        }

        @GET
        @Path("anonymous")
        @PermitAll
        public String anonymous() {
            return seen();
        }

        @GET
        @Path("boom")
        public String boom() {
            throw new IllegalStateException("no mapper handles this");
        }

        @GET
        @Path("broken-response")
        public String brokenResponse() {
            return seen();
        }

        @GET
        @Path("async")
        public void async(@Suspended AsyncResponse response) {
            response.resume(seen());
        }
    }

    private static String alice() {
        return issuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
    }

    @Test
    void theTokenIsTheSubjectOnlyWhileItsRequestIsServed() {
        String alice = alice();

        Map<String, String> bound = Http.lines(Http.bearer(server.uri("/probe"), alice));
        Map<String, String> next = Http.lines(Http.get(server.uri("/probe/anonymous")));

        assertThat(bound.get("subject")).isEqualTo(SubjectToken.of(alice).fingerprint());
        assertThat(next).containsEntry("thread", bound.get("thread")).containsEntry("subject", "none");
    }

    @Test
    void aRequestThatEndedWithAnUnmappedExceptionLeavesNothingForTheNext() {
        assertAFailedRequestLeavesNothingForTheNext("/probe/boom");
    }

    @Test
    void aRequestWhoseResponseFiltersFailedLeavesNothingForTheNext() {
        assertAFailedRequestLeavesNothingForTheNext("/probe/broken-response");
    }

    /** {@code path} fails with 500 for alice; the next request, on the same (only) worker thread, has no subject. */
    private void assertAFailedRequestLeavesNothingForTheNext(String path) {
        String alice = alice();
        String thread = Http.lines(Http.get(server.uri("/probe/anonymous"))).get("thread");

        assertThat(Http.bearer(server.uri(path), alice).statusCode()).isEqualTo(500);
        Map<String, String> next = Http.lines(Http.get(server.uri("/probe/anonymous")));

        assertThat(next).containsEntry("thread", thread).containsEntry("subject", "none");
    }

    @Test
    void anAsynchronousMethodIsNeverBound() {
        assertThat(Http.lines(Http.bearer(server.uri("/probe/async"), alice()))).containsEntry("subject", "none");
    }

    @Test
    void outsideAnyRequestThereIsNoSubject() {
        Http.bearer(server.uri("/probe"), alice());

        assertThat(source.currentSubjectToken()).isEmpty();
    }
}
