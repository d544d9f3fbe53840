package dev.audguard.issuer;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request log (what the issuer received, secrets redacted) and OAuth error answers on demand. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RequestLogAndErrorsIT {

    private static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static String fingerprint(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)), 0, 4);
    }

    @Test
    @Order(1)
    void recordsEndpointGrantClientAndParametersWithSecretsAndTokensRedacted(RealmHandle demo) throws Exception {
        TokenResponse alice = demo.passwordGrant("service-a", "a-secret", "alice", "alice", "good-service");
        String subject = alice.accessToken();
        demo.exchange("service-b", "b-secret", subject, "service-c");

        List<RecordedRequest> log = demo.requests().all();

        assertThat(log).hasSize(2);
        RecordedRequest password = log.get(0);
        assertThat(password.endpoint()).isEqualTo("token");
        assertThat(password.path()).isEqualTo("/protocol/openid-connect/token");
        assertThat(password.grantType()).isEqualTo("password");
        assertThat(password.clientId()).isEqualTo("service-a");
        assertThat(password.clientAuthenticated()).isTrue();
        assertThat(password.status()).isEqualTo(200);
        assertThat(password.parameter("username")).contains("alice");
        assertThat(password.parameter("password")).contains("(redacted)");
        assertThat(password.parameter("scope")).contains("good-service");
        RecordedRequest exchange = log.get(1);
        assertThat(exchange.isGrant(EXCHANGE)).isTrue();
        assertThat(exchange.clientId()).isEqualTo("service-b");
        assertThat(exchange.parameter("subject_token")).contains("(redacted sha256:" + fingerprint(subject) + ")");
        assertThat(exchange.parameter("subject_token_type")).contains("urn:ietf:params:oauth:token-type:access_token");
        assertThat(exchange.parameter("audience")).contains("service-c");
        assertThat(demo.requests().exchanges()).hasSize(1);
        String everything = log.toString() + Http.get(URI.create(demo.issuerUrl() + "/testing/requests")).body();
        assertThat(everything).doesNotContain(subject).doesNotContain("a-secret").doesNotContain("b-secret")
                .doesNotContain("Basic ").doesNotContain("\"alice\",\"password\"");
    }

    @Test
    @Order(2)
    void theExtensionEmptiesTheLogAndClearsErrorsAfterEachTest(RealmHandle demo) {
        assertThat(demo.requests().all()).isEmpty();
        demo.errors().nextRequest(IssuerEndpoint.TOKEN, OAuthError.invalidGrant("x"));
    }

    @Test
    @Order(3)
    void errorsDoNotOutliveTheirTest(RealmHandle demo) {
        assertThat(demo.clientCredentials("service-b", "b-secret").accessToken()).isNotBlank();
    }

    @Test
    void refusedRequestsAreRecordedWithTheClaimedClientAndTheirStatus(RealmHandle demo) {
        Http.Answer refused = Http.postBasic(demo.tokenEndpoint(), "service-b", "wrong",
                Map.of("grant_type", "client_credentials"));
        Http.Answer posted = Http.post(demo.tokenEndpoint(), Map.of("grant_type", "client_credentials",
                "client_id", "service-b", "client_secret", "b-secret"));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(posted.status()).isEqualTo(200);
        RecordedRequest first = demo.requests().all().get(0);
        assertThat(first.clientId()).isEqualTo("service-b");
        assertThat(first.clientAuthenticated()).isFalse();
        assertThat(first.status()).isEqualTo(401);
        assertThat(demo.requests().all().get(1).parameter("client_secret")).contains("(redacted)");
    }

    @Test
    void testingCallsStayOutOfTheLogWhichIsServedAndClearedOverHttp(RealmHandle demo) {
        URI requests = URI.create(demo.issuerUrl() + "/testing/requests");
        Http.get(demo.jwksUri());
        Http.get(URI.create(demo.issuerUrl() + "/testing/keys"));

        Map<String, Object> served = Http.get(requests).json();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) served.get("requests");
        assertThat(entries).singleElement().satisfies(e -> assertThat(e).containsEntry("endpoint", "certs")
                .containsEntry("method", "GET").containsEntry("status", 200L));
        assertThat(Http.delete(requests).json().get("requests")).isEqualTo(List.of());
        assertThat(demo.requests().all()).isEmpty();
    }

    @Test
    void anErrorForTheNextRequestAnswersOnceThenTheEndpointRecovers(RealmHandle demo) {
        demo.errors().nextRequest(IssuerEndpoint.TOKEN, OAuthError.invalidGrant("Token is not active"));

        assertThatThrownBy(() -> demo.clientCredentials("service-b", "b-secret"))
                .isInstanceOfSatisfying(TokenRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("invalid_grant");
                    assertThat(e.errorDescription()).isEqualTo("Token is not active");
                });
        assertThat(demo.clientCredentials("service-b", "b-secret").accessToken()).isNotBlank();
        assertThat(demo.requests().all()).extracting(RecordedRequest::status).containsExactly(400, 200);
    }

    @Test
    void anErrorForOneTokenAnswersEveryRequestPresentingItAndNoOther(RealmHandle demo) {
        String refresh = demo.passwordGrant("service-a", "a-secret", "alice", "alice").refreshToken().orElseThrow();
        TokenResponse other = demo.passwordGrant("service-a", "a-secret", "alice", "alice");
        demo.errors().forToken(refresh, OAuthError.of(400, "invalid_grant", "Session not active"));
        demo.errors().forToken(other.accessToken(), OAuthError.of(401, "invalid_token", "Token revoked"));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> demo.refresh("service-a", "a-secret", refresh))
                    .isInstanceOfSatisfying(TokenRequestException.class, e -> assertThat(e.errorDescription()).isEqualTo("Session not active"));
        }
        assertThat(demo.refresh("service-a", "a-secret", other.refreshToken().orElseThrow()).accessToken()).isNotBlank();
        Http.Answer userinfo = Http.get(demo.userinfoEndpoint(), "Bearer " + other.accessToken());
        assertThat(userinfo.status()).isEqualTo(401);
        assertThat(userinfo.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\", error_description=\"Token revoked\"");
        assertThat(Http.postBasic(demo.introspectionEndpoint(), "service-b", "b-secret", Map.of("token", other.accessToken()))
                .json()).containsEntry("error", "invalid_token");
    }

    @Test
    void errorsAreSetAndClearedOverHttp(RealmHandle demo) {
        URI errors = URI.create(demo.issuerUrl() + "/testing/errors");
        assertThat(Http.postEmpty(URI.create(errors + "/token?error=temporarily_unavailable&status=503&times=2")).status())
                .isEqualTo(200);

        Map<String, String> form = Map.of("grant_type", "client_credentials");
        assertThat(Http.postBasic(demo.tokenEndpoint(), "service-b", "b-secret", form).status()).isEqualTo(503);
        assertThat(Http.postBasic(demo.tokenEndpoint(), "service-b", "b-secret", form).json())
                .containsEntry("error", "temporarily_unavailable");
        assertThat(Http.postBasic(demo.tokenEndpoint(), "service-b", "b-secret", form).status()).isEqualTo(200);

        String token = demo.clientCredentials("service-b", "b-secret").accessToken();
        assertThat(Http.post(URI.create(errors + "/for-token"), Map.of("token", token, "error", "invalid_request")).status())
                .isEqualTo(200);
        assertThat(Http.get(demo.userinfoEndpoint(), "Bearer " + token).status()).isEqualTo(400);
        assertThat(Http.send(HttpRequest.newBuilder(errors).DELETE()).status()).isEqualTo(200);
        assertThat(Http.postBasic(demo.introspectionEndpoint(), "service-b", "b-secret", Map.of("token", token)).json())
                .doesNotContainKey("error");
        assertThat(Http.postEmpty(URI.create(errors + "/token?error=bad%22quote")).status()).isEqualTo(400);
        assertThat(Http.postEmpty(URI.create(errors + "/nowhere?error=x")).status()).isEqualTo(404);
    }

    @Test
    void oauthErrorsMustBeWhatRfc6749Allows() {
        assertThatThrownBy(() -> OAuthError.of(200, "x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OAuthError.of(400, "two words", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OAuthError.of(400, "x", "a \"quoted\" text")).isInstanceOf(IllegalArgumentException.class);
        assertThat(OAuthError.temporarilyUnavailable().status()).isEqualTo(503);
    }
}
