package dev.audguard.spring;

import dev.audguard.issuer.Fault;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The introspection cases (RFC 7662) both Spring stacks run, Spring MVC on Tomcat
 * ({@code IntrospectionIT}) and WebFlux on Netty ({@code ReactiveIntrospectionIT}), against a service
 * that introspects the realm's opaque tokens, requires the audience reports-api on
 * {@code /reports/**} and answers 503 with {@code Retry-After: 7} when the keys or the endpoint
 * cannot be had. The subclass starts the service before its first test.
 */
public abstract class IntrospectionContract {
    private final ServiceUnderTest service;

    /**
     * The service under test: it trusts {@code realm} and is reached at {@code at(path)}; its
     * {@code whoAmI} path answers {@code answerPrefix} and the principal's name; {@code caller} gets
     * the opaque tokens.
     */
    public record ServiceUnderTest(RealmHandle realm, Function<String, URI> at, String caller, String callerSecret,
                                   String whoAmI, String answerPrefix) {
    }

    protected IntrospectionContract(ServiceUnderTest service) {
        this.service = service;
    }

    /** What the stack shows after the endpoint was unreachable and is back; nothing by default. */
    protected void afterAnOutage() {
    }

    private URI at(String path) {
        return service.at().apply(path);
    }

    private String opaque() {
        return OpaqueTokens.alice(service.realm(), service.caller(), service.callerSecret());
    }

    @Test
    void anOpaqueTokenIsAcceptedThroughIntrospection() {
        HttpResponse<String> response = Http.bearer(at(service.whoAmI()), opaque());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(service.answerPrefix() + service.realm().subjectOf("alice"));
    }

    @Test
    void aRevokedOpaqueTokenIsInactiveAnd401() {
        String token = opaque();
        service.realm().revoke(service.caller(), service.callerSecret(), token);

        HttpResponse<String> response = Http.bearer(at(service.whoAmI()), token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(OpaqueTokens.challenge(response)).contains("error=\"invalid_token\", error_description=\"The access token is not active.\"");
        assertThat(response.body()).doesNotContain(token);
    }

    @Test
    void thePathsAudienceIsStillEnforcedOnAnIntrospectedToken() {
        String token = opaque();

        HttpResponse<String> reports = Http.bearer(at("/reports/summary"), token);

        assertThat(reports.statusCode()).isEqualTo(401);
        assertThat(OpaqueTokens.challenge(reports)).contains("error_description=\"The access token is not intended for this service.\"");
        assertThat(Http.bearer(at(service.whoAmI()), token).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnreachableIntrospectionEndpointIs503NotA401AndServiceResumesWithIt() {
        String token = opaque();
        service.realm().faults().introspection(Fault.down());
        HttpResponse<String> down;
        try {
            down = Http.bearer(at(service.whoAmI()), token);
        } finally {
            service.realm().faults().clear();
        }

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).hasValue("7");
        afterAnOutage();
        assertThat(Http.bearer(at(service.whoAmI()), token).statusCode()).isEqualTo(200);
    }
}
