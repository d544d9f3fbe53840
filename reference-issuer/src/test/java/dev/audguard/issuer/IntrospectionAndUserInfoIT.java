package dev.audguard.issuer;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 7662 introspection (the caller authenticates) and the userinfo endpoint. */
class IntrospectionAndUserInfoIT {

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @Test
    void introspectionOfALiveTokenIsActiveWithItsClaims(RealmHandle demo) {
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        Http.Answer answer = Http.postBasic(demo.introspectionEndpoint(), "service-b", "b-secret", Map.of("token", token));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("active", true).containsEntry("aud", "service-b")
                .containsEntry("client_id", "service-a").containsEntry("username", "alice").containsEntry("token_type", "Bearer");
    }

    @Test
    void introspectionOfForgedOrGarbageTokensIsInactive(RealmHandle demo) {
        String forged = demo.mint().subject("alice").audience("service-b").signedWithUnknownKey().sign();

        for (String token : new String[] {forged, "garbage"}) {
            Http.Answer answer = Http.postBasic(demo.introspectionEndpoint(), "service-b", "b-secret", Map.of("token", token));
            assertThat(answer.json()).isEqualTo(Map.of("active", false));
        }
    }

    @Test
    void introspectionNeedsAnAuthenticatedCaller(RealmHandle demo) {
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

        Http.Answer anonymous = Http.post(demo.introspectionEndpoint(), Map.of("token", token));
        Http.Answer wrongSecret = Http.postBasic(demo.introspectionEndpoint(), "service-b", "nope", Map.of("token", token));

        assertThat(anonymous.status()).isEqualTo(400);
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.header("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void userinfoAnswersForAValidBearerToken(RealmHandle demo) {
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice", "openid").accessToken();

        Http.Answer answer = Http.get(demo.userinfoEndpoint(), "Bearer " + token);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("sub", demo.subjectOf("alice")).containsEntry("preferred_username", "alice")
                .containsEntry("email", "alice@example.com");
    }

    @Test
    void userinfoRejectsMissingAndInvalidTokensWithBearerChallenge(RealmHandle demo) {
        Http.Answer missing = Http.get(demo.userinfoEndpoint());
        Http.Answer expired = Http.get(demo.userinfoEndpoint(), "Bearer "
                + demo.mint().subject("alice").asIssuedTo("service-a").expiresAt(java.time.Instant.now().minusSeconds(5)).sign());

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"demo\"");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }
}
