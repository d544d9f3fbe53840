package dev.audguard.issuer;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key rotation and fault injection, from Java and over the testing HTTP endpoints. */
class KeysAndFaultsIT {

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @Test
    void certsServeTheSigningKeyAnEncryptionKeyAndCacheControl(RealmHandle demo) {
        Http.Answer certs = Http.get(demo.jwksUri());

        assertThat(certs.header("Cache-Control")).isEqualTo("max-age=300");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) certs.json().get("keys");
        assertThat(keys).anySatisfy(k -> assertThat(k).containsEntry("kid", demo.keys().activeKeyId())
                .containsEntry("use", "sig").containsEntry("alg", "RS256").containsEntry("kty", "RSA").doesNotContainKey("d"));
        assertThat(keys).anySatisfy(k -> assertThat(k).containsEntry("use", "enc").containsEntry("alg", "RSA-OAEP"));
        String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        assertThat(Jwt.verifies(token, certs.body())).isTrue();
    }

    @Test
    void verbatimJwksAreServedExactlyAsGivenUntilWithdrawn() throws Exception {
        try (ReferenceIssuer own = ReferenceIssuer.builder().start()) {
            RealmHandle demo = own.realm("demo");
            java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("RSA");
            gen.initialize(1024);
            java.security.interfaces.RSAPublicKey pub = (java.security.interfaces.RSAPublicKey) gen.generateKeyPair().getPublic();
            byte[] magnitude = pub.getModulus().toByteArray();
            byte[] padded = new byte[256]; // a 1024-bit modulus dressed up as a 2048-bit one
            int start = magnitude[0] == 0 ? 1 : 0;
            System.arraycopy(magnitude, start, padded, 256 - (magnitude.length - start), magnitude.length - start);
            String n = com.nimbusds.jose.util.Base64URL.encode(padded).toString();
            Map<String, Object> jwk = new java.util.LinkedHashMap<>();
            jwk.put("kty", "RSA");
            jwk.put("kid", "padded-1024");
            jwk.put("key_ops", List.of("encrypt"));
            jwk.put("n", n);
            jwk.put("e", "AQAB");

            demo.keys().publishVerbatim(jwk);

            String certs = Http.get(demo.jwksUri()).body();
            assertThat(certs).contains("\"n\":\"" + n + "\"").contains("\"key_ops\":[\"encrypt\"]");
            assertThat(demo.keys().jwksJson()).contains(n);
            assertThat(demo.keys().withdraw("padded-1024")).isTrue();
            assertThat(Http.get(demo.jwksUri()).body()).doesNotContain("padded-1024");
            assertThat(demo.keys().withdraw("padded-1024")).isFalse();
            assertThatThrownBy(() -> demo.keys().publishVerbatim(Map.of("kty", "RSA")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> demo.keys().publishVerbatim(Map.of("kid", demo.keys().activeKeyId())))
                    .isInstanceOf(IllegalArgumentException.class);

            URI publish = URI.create(demo.issuerUrl() + "/testing/keys/publish");
            Http.Answer published = Http.send(HttpRequest.newBuilder(publish).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(jwk))));
            assertThat(published.status()).isEqualTo(200);
            assertThat(published.json().get("verbatim_kids")).isEqualTo(List.of("padded-1024"));
            assertThat(Http.get(demo.jwksUri()).body()).contains(n);
            assertThat(Http.delete(URI.create(publish + "?kid=padded-1024")).status()).isEqualTo(200);
            assertThat(Http.delete(URI.create(publish + "?kid=padded-1024")).status()).isEqualTo(404);
            assertThat(Http.get(demo.jwksUri()).body()).doesNotContain(n);
        }
    }

    @Test
    void rotationPublishesTheNewKeyKeepsTheOldUntilRetired() {
        try (ReferenceIssuer own = ReferenceIssuer.builder().start()) {
            RealmHandle demo = own.realm("demo");
            String oldKid = demo.keys().activeKeyId();
            String oldToken = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

            String newKid = demo.keys().rotate();
            String newToken = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();

            assertThat(Jwt.header(newToken)).containsEntry("kid", newKid);
            assertThat(demo.keys().publishedKeyIds()).containsExactly(oldKid, newKid);
            assertThat(Jwt.verifies(oldToken, Http.get(demo.jwksUri()).body())).isTrue();

            demo.keys().retire(oldKid);

            assertThat(Jwt.verifies(oldToken, Http.get(demo.jwksUri()).body())).isFalse();
            assertThat(Jwt.verifies(newToken, Http.get(demo.jwksUri()).body())).isTrue();
            assertThatThrownBy(() -> demo.keys().retire(newKid)).isInstanceOf(IllegalStateException.class);
            String retiredSigned = demo.mint().subject("alice").audience("service-b").signedWithKey(oldKid).sign();
            assertThat(Jwt.header(retiredSigned)).containsEntry("kid", oldKid);
        }
    }

    @Test
    void rotationOverHttp() {
        try (ReferenceIssuer own = ReferenceIssuer.builder().start()) {
            RealmHandle demo = own.realm("demo");
            String oldKid = demo.keys().activeKeyId();
            URI testing = URI.create(demo.issuerUrl() + "/testing/");

            Http.Answer rotated = Http.postEmpty(testing.resolve("keys/rotate"));
            String newKid = (String) rotated.json().get("active_kid");
            Http.Answer retired = Http.postEmpty(testing.resolve("keys/retire?kid=" + oldKid));
            Http.Answer retireActive = Http.postEmpty(testing.resolve("keys/retire?kid=" + newKid));

            assertThat(newKid).isNotEqualTo(oldKid).isEqualTo(demo.keys().activeKeyId());
            assertThat(retired.json().get("published_kids")).isEqualTo(List.of(newKid));
            assertThat(retireActive.status()).isEqualTo(400);
        }
    }

    @Test
    void jwksFaultsFromJava(RealmHandle demo) {
        demo.faults().jwks(Fault.status(500));
        assertThat(Http.get(demo.jwksUri()).status()).isEqualTo(500);

        demo.faults().jwks(Fault.garbage());
        Http.Answer garbage = Http.get(demo.jwksUri());
        assertThat(garbage.status()).isEqualTo(200);
        assertThat(garbage.body()).doesNotStartWith("{");

        demo.faults().jwks(Fault.down());
        assertThatThrownBy(() -> Http.get(demo.jwksUri())).isInstanceOf(UncheckedIOException.class);

        demo.faults().clear();
        assertThat(Http.get(demo.jwksUri()).status()).isEqualTo(200);
    }

    @Test
    void slowFaultDelaysTheAnswerPastAClientTimeout(RealmHandle demo) {
        demo.faults().jwks(Fault.slow(Duration.ofSeconds(2)));

        assertThatThrownBy(() -> Http.send(HttpRequest.newBuilder(demo.jwksUri()).timeout(Duration.ofMillis(200)).GET()))
                .hasRootCauseInstanceOf(java.net.http.HttpTimeoutException.class);
    }

    @Test
    void faultForNRequestsWearsOff(RealmHandle demo) {
        demo.faults().token(Fault.status(503).times(2));

        assertThatThrownBy(() -> demo.clientCredentials("service-b", "b-secret"))
                .isInstanceOfSatisfying(TokenRequestException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThatThrownBy(() -> demo.clientCredentials("service-b", "b-secret")).isInstanceOf(TokenRequestException.class);
        assertThat(demo.clientCredentials("service-b", "b-secret").accessToken()).isNotBlank();
    }

    @Test
    void faultsOverHttp(RealmHandle demo) {
        URI testing = URI.create(demo.issuerUrl() + "/testing/");

        Http.Answer set = Http.postEmpty(testing.resolve("faults/token?type=status&status=502"));
        assertThat(set.json().get("faults")).isEqualTo(Map.of("token", Map.of("type", "status", "status", 502L)));
        assertThat(Http.post(demo.tokenEndpoint(), Map.of("grant_type", "client_credentials")).status()).isEqualTo(502);

        assertThat(Http.delete(testing.resolve("faults")).status()).isEqualTo(200);
        assertThat(Http.postEmpty(testing.resolve("faults/jwks?type=slow")).json()).containsEntry("error", "invalid_request");
        assertThat(Http.postEmpty(testing.resolve("faults/nothing?type=down")).status()).isEqualTo(404);
        assertThat(Http.postEmpty(testing.resolve("faults/jwks?type=explode")).status()).isEqualTo(400);
    }
}
