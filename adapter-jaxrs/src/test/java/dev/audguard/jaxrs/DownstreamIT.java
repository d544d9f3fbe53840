package dev.audguard.jaxrs;

import com.sun.net.httpserver.HttpServer;
import dev.audguard.core.VerifiedToken;
import dev.audguard.issuer.Fault;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Jersey service (aud service-b) calls a second Jersey service (aud service-c) through the
 * {@link ExchangingClientFilter}, with tokens from the reference issuer: service-b exchanges the
 * caller's token as {@code service-b}/{@code b-secret}.
 */
class DownstreamIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static ServiceC serviceC;
    private static TestServer c;
    private static ServiceB serviceB;
    private static TestServer b;

    @BeforeAll
    static void start() {
        String issuerUrl = issuer.realm("demo").issuerUrl();
        serviceC = new ServiceC(issuerUrl);
        c = JerseyServer.start(serviceC);
        serviceB = new ServiceB(issuerUrl, c.uri("/"));
        b = JerseyServer.start(serviceB);
    }

    @AfterAll
    static void stop() {
        b.close();
        serviceB.close();
        c.close();
    }

    @BeforeEach
    void forget() {
        serviceC.seen.clear();
        serviceC.bodies.clear();
        serviceC.rawAuthorizations.clear();
        serviceC.refuseNext.set(0);
    }

    private static RealmHandle demo() {
        return issuer.realm("demo");
    }

    private static String alice() {
        return demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
    }

    @Test
    void theDownstreamServiceSeesAnExchangedTokenForTheSameUserNeverTheOriginal() {
        String alice = alice();

        Map<String, String> answer = Http.lines(Http.bearer(b.uri("/calls/whoami"), alice));

        assertThat(answer).containsEntry("status", "200").containsEntry("sub", demo().subjectOf("alice"))
                .containsEntry("azp", "service-b");
        assertThat(serviceC.seen).hasSize(1);
        VerifiedToken exchanged = serviceC.seen.get(0);
        assertThat(exchanged.rawToken()).isNotEqualTo(alice);
        assertThat(exchanged.audiences()).contains("service-c");
        assertThat(serviceC.rawAuthorizations).containsExactly("Bearer " + exchanged.rawToken());
    }

    @Test
    void anUnavailableIssuerDuringTheExchangeIsA503ForTheCallerNotA500() {
        String alice = alice();
        demo().faults().token(Fault.status(503));

        HttpResponse<String> answer = Http.bearer(b.uri("/calls/uncaught"), alice);

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.body()).contains("\"error\":\"temporarily_unavailable\"").doesNotContain("Exception");
        assertThat(serviceC.rawAuthorizations).isEmpty();
    }

    @Test
    void aUrlUnderNoTargetIsRefusedAndNothingIsSent() {
        assertThat(Http.lines(Http.bearer(b.uri("/calls/outside"), alice()))).containsEntry("refused", "UnknownDownstreamException");
        assertThat(serviceC.rawAuthorizations).isEmpty();
    }

    @Test
    void aRequestThatAlreadyCarriesATokenIsRefusedSoTheSubjectTokenIsNeverForwarded() {
        assertThat(Http.lines(Http.bearer(b.uri("/calls/forward-own-token"), alice())))
                .containsEntry("refused", "IllegalArgumentException");
        assertThat(serviceC.rawAuthorizations).isEmpty();
    }

    @Test
    void anAnonymousRequestHasNoSubjectSoTheCallIsRefused() {
        assertThat(Http.lines(Http.get(b.uri("/calls/anonymous")))).containsEntry("refused", "IllegalStateException");
        assertThat(serviceC.rawAuthorizations).isEmpty();
    }

    @Test
    void aRefusedExchangedTokenIsExchangedAgainAndTheRequestSentOnceMore() {
        serviceC.refuseNext.set(1);

        HttpResponse<String> answer = Http.bearer(b.uri("/calls/flaky"), alice());

        assertThat(Http.lines(answer)).containsEntry("status", "200");
        assertThat(answer.body()).contains("flaky");
        assertThat(serviceC.seen).hasSize(2);
        assertThat(serviceC.seen.get(0).rawToken()).isNotEqualTo(serviceC.seen.get(1).rawToken());
        assertThat(serviceC.seen).allSatisfy(t -> assertThat(t.authorizedParty()).contains("service-b"));
    }

    @Test
    void aSecondRefusalGoesToTheCallerWithoutAThirdAttempt() {
        serviceC.refuseNext.set(5);

        Map<String, String> answer = Http.lines(Http.bearer(b.uri("/calls/flaky"), alice()));

        assertThat(answer).containsEntry("status", "401");
        assertThat(serviceC.seen).hasSize(2);
    }

    @Test
    void theRetryResendsTheEntity() {
        serviceC.refuseNext.set(1);

        HttpResponse<String> answer = Http.send("POST", b.uri("/calls/flaky"), "Bearer " + alice());

        assertThat(Http.lines(answer)).containsEntry("status", "200");
        assertThat(answer.body()).contains("posted an order");
        assertThat(serviceC.bodies).containsExactly("an order", "an order");
    }

    @Test
    void aStreamedEntityIsNotResentButTheRefusedTokenIsDropped() {
        serviceC.refuseNext.set(1);
        String alice = alice();

        assertThat(Http.lines(Http.send("POST", b.uri("/calls/flaky?stream=true"), "Bearer " + alice))).containsEntry("status", "401");
        assertThat(serviceC.bodies).containsExactly("a stream");
        // the next call exchanges again instead of reusing the refused token
        assertThat(Http.lines(Http.bearer(b.uri("/calls/flaky"), alice))).containsEntry("status", "200");
        assertThat(serviceC.seen).hasSize(2);
        assertThat(serviceC.seen.get(0).rawToken()).isNotEqualTo(serviceC.seen.get(1).rawToken());
    }

    @Test
    void offTheRequestThreadTheSubjectMustBeNamed() {
        String alice = alice();

        assertThat(Http.lines(Http.bearer(b.uri("/calls/async"), alice))).containsEntry("refused", "IllegalStateException");
        assertThat(Http.lines(Http.bearer(b.uri("/calls/async?explicit=true"), alice)))
                .containsEntry("status", "200").containsEntry("sub", demo().subjectOf("alice"));
    }

    @Test
    void redirectsAreNotFollowedWithTheExchangedToken() throws IOException {
        List<String> stolen = new CopyOnWriteArrayList<>();
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            stolen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        elsewhere.start();
        try {
            String to = "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/steal";

            Map<String, String> answer = Http.lines(Http.bearer(b.uri("/calls/redirect?to=" + to), alice()));

            assertThat(answer).containsEntry("status", "302");
            assertThat(stolen).isEmpty();
        } catch (UncheckedIOException e) {
            throw e;
        } finally {
            elsewhere.stop(0);
        }
    }
}
