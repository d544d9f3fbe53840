package dev.audguard.servlet;

import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.ValidationListener;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.ArmedClock;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bug while checking a token (here the validator's clock throws) is not an issuer outage: 500
 * {@code server_error} with a fixed body, never a 2xx, a stack trace or the container's error
 * page, and counted as {@code internal_error}, not {@code keys_unavailable} (issue 13 item 12).
 */
class InternalErrorIT {
    @RegisterExtension
    ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @Test
    void aFailureInsideTheCheckIsAnswered500AndCountedApart() {
        RealmHandle demo = issuer.realm("demo");
        ArmedClock clock = new ArmedClock(Clock.systemUTC());
        List<Reason> reported = new CopyOnWriteArrayList<>();
        ValidationListener listener = new ValidationListener() {
            @Override
            public void onRejected(Reason reason) {
                reported.add(reason);
            }
        };
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b")
                .clock(clock).listener(listener).disableVerifiedTokenCache().build();
        BearerTokenFilter filter = BearerTokenFilter.builder(validator).realm("demo").listener(listener).build();
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        try (JettyServer jetty = JettyServer.start(JettyServer.App.of("/app", filter))) {
            assertThat(Http.bearer(jetty.uri("/app/orders"), token).statusCode()).isEqualTo(200);
            clock.arm();

            HttpResponse<String> broken = Http.bearer(jetty.uri("/app/orders"), token);

            assertThat(broken.statusCode()).isEqualTo(500);
            assertThat(broken.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"demo\"");
            assertThat(broken.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(broken.body()).isEqualTo("{\"error\":\"server_error\","
                    + "\"error_description\":\"The access token could not be checked because of an internal error.\"}");
            assertThat(reported).containsExactly(Reason.INTERNAL_ERROR);
        }
    }
}
