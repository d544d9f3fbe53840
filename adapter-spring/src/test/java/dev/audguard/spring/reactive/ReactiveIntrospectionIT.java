package dev.audguard.spring.reactive;

import dev.audguard.issuer.Fault;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.spring.OpaqueTokens;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code audguard.introspection.*} in a WebFlux application, over real HTTP on Reactor Netty
 * against the reference issuer: its client {@code caller} hands out opaque access tokens for the
 * audience {@code reactive-service}, which the front door introspects (RFC 7662) as
 * {@code reactive-service}, off the event loop with the rest of the front door. Keycloak's rule
 * holds: only a client in the token's audience gets {@code active: true}.
 */
class ReactiveIntrospectionIT {
    @RegisterExtension
    static final ReactiveService service = new ReactiveService();
    private static RealmHandle demo;

    /** A realm whose caller gets opaque tokens for reactive-service, which may introspect them. */
    static Realm opaqueTokensForReactiveService() {
        return Realm.builder("demo")
                .client("caller", c -> c.secret("caller-secret").directAccessGrants().audienceMapper("reactive-service")
                        .attribute("reference-issuer.opaque.access.token", "true"))
                .client("reactive-service", c -> c.secret("reactive-secret"))
                .user("alice", u -> u.password("alice"))
                .build();
    }

    @BeforeAll
    static void start() {
        demo = service.issuer(opaqueTokensForReactiveService()).realm("demo");
        service.start(demo.issuerUrl(),
                "audguard.introspection.endpoint", demo.introspectionEndpoint().toString(),
                "audguard.introspection.client-id", "reactive-service",
                "audguard.introspection.client-secret", "reactive-secret",
                "audguard.paths[0].pattern", "/reports/**",
                "audguard.paths[0].audiences", "reports-api",
                "audguard.retry-after", "7s");
    }

    private static String opaque() {
        return OpaqueTokens.alice(demo, "caller", "caller-secret");
    }

    @Test
    void anOpaqueTokenIsAcceptedThroughIntrospection() {
        HttpResponse<String> response = Http.bearer(service.uri("/api/data"), opaque());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("data:" + demo.subjectOf("alice"));
    }

    @Test
    void aRevokedOpaqueTokenIsInactiveAnd401() {
        String token = opaque();
        demo.revoke("caller", "caller-secret", token);

        HttpResponse<String> response = Http.bearer(service.uri("/api/data"), token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(OpaqueTokens.challenge(response)).contains("error=\"invalid_token\", error_description=\"The access token is not active.\"");
        assertThat(response.body()).doesNotContain(token);
    }

    @Test
    void thePathsAudienceIsStillEnforcedOnAnIntrospectedToken() {
        String token = opaque();

        HttpResponse<String> reports = Http.bearer(service.uri("/reports/summary"), token);

        assertThat(reports.statusCode()).isEqualTo(401);
        assertThat(OpaqueTokens.challenge(reports)).contains("error_description=\"The access token is not intended for this service.\"");
    }

    @Test
    void anUnreachableIntrospectionEndpointIs503WithRetryAfterNotA401() {
        String token = opaque();
        demo.faults().introspection(Fault.down());
        HttpResponse<String> down;
        try {
            down = Http.bearer(service.uri("/api/data"), token);
        } finally {
            demo.faults().clear();
        }

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(Http.bearer(service.uri("/api/data"), token).statusCode()).isEqualTo(200);
    }
}
