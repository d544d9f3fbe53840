package dev.audguard.issuer;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Direct minting: valid by default, and each hostile shape a conformance kit needs. */
class TokenMinterIT {

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static String jwks(RealmHandle demo) {
        return Http.get(demo.jwksUri()).body();
    }

    @Test
    void byDefaultMintsAValidKeycloakShapedTokenForTheFirstUser(RealmHandle demo) {
        String token = demo.mint().audience("service-b").sign();

        assertThat(Jwt.verifies(token, jwks(demo))).isTrue();
        assertThat(Jwt.header(token)).containsEntry("alg", "RS256").containsEntry("typ", "JWT");
        assertThat(Jwt.claims(token)).containsEntry("iss", demo.issuerUrl()).containsEntry("aud", "service-b")
                .containsEntry("sub", demo.subjectOf("alice")).containsEntry("typ", "Bearer").containsKeys("exp", "iat", "jti");
    }

    @Test
    void asIssuedToReproducesWhatTheGrantIssues(RealmHandle demo) {
        Map<String, Object> minted = Jwt.claims(demo.mint().subject("bob").asIssuedTo("service-a").sign());

        assertThat(minted).containsEntry("aud", List.of("service-b", "reports-api")).containsEntry("azp", "service-a")
                .containsEntry("scope", "profile email");
    }

    @Test
    void timeAndIssuerAndAudienceManipulations(RealmHandle demo) {
        Instant past = Instant.parse("2020-01-01T00:00:00Z");
        Map<String, Object> c = Jwt.claims(demo.mint().expiresAt(past).notBefore(past).issuedAt(past)
                .issuer("https://evil").audienceClaim(42).type("Refresh").claim("k", List.of(1, 2)).sign());

        assertThat(c).containsEntry("exp", past.getEpochSecond()).containsEntry("nbf", past.getEpochSecond())
                .containsEntry("iss", "https://evil").containsEntry("aud", 42L).containsEntry("typ", "Refresh")
                .containsEntry("k", List.of(1L, 2L));
        assertThat(Jwt.claims(demo.mint().withoutAudience().withoutExpiry().withoutIssuer().sign()))
                .doesNotContainKeys("aud", "exp", "iss");
        assertThat(Jwt.claims(demo.mint().audienceClaim(List.of()).sign())).containsEntry("aud", List.of());
        assertThat(Jwt.claims(demo.mint().audience("a", "b").sign())).containsEntry("aud", List.of("a", "b"));
    }

    @Test
    void unknownKeyAndMissingKidAndCustomHeaders(RealmHandle demo) {
        String unknown = demo.mint().signedWithUnknownKey().sign();
        String unknownWithRealKid = demo.mint().signedWithUnknownKey().keyId(demo.keys().activeKeyId()).sign();
        String noKid = demo.mint().withoutKeyId().sign();
        String crit = demo.mint().critical("exp-policy").header("x-custom", "v").headerType("at+jwt").sign();

        assertThat(Jwt.verifies(unknown, jwks(demo))).isFalse();
        assertThat(Jwt.header(unknown).get("kid")).isNotEqualTo(demo.keys().activeKeyId());
        assertThat(Jwt.verifies(unknownWithRealKid, jwks(demo))).isFalse();
        assertThat(Jwt.header(noKid)).doesNotContainKey("kid");
        assertThat(Jwt.header(crit)).containsEntry("crit", List.of("exp-policy")).containsEntry("x-custom", "v")
                .containsEntry("typ", "at+jwt");
    }

    @Test
    void algNoneInAnyCapitalisationHasAnEmptySignature(RealmHandle demo) {
        for (String spelling : List.of("none", "None", "NONE", "nOnE")) {
            String token = demo.mint().algNone(spelling).sign();
            String headerJson = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);

            assertThat(token).endsWith(".");
            assertThat(headerJson).contains("\"alg\":\"" + spelling + "\"");
        }
        assertThatThrownBy(() -> demo.mint().algNone("nonce")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hs256KeyedWithThePublicKeyVerifiesWithThatKeyAsHmacSecret(RealmHandle demo) throws Exception {
        String token = demo.mint().hs256WithPublicKey(TokenMinter.PublicKeyBytes.DER).sign();
        RSAKey published = (RSAKey) JWKSet.parse(jwks(demo)).getKeyByKeyId(demo.keys().activeKeyId());

        assertThat(Jwt.header(token)).containsEntry("alg", "HS256");
        assertThat(JWSObject.parse(token).verify(new MACVerifier(published.toRSAPublicKey().getEncoded()))).isTrue();
        assertThat(Jwt.header(demo.mint().hs256WithPublicKey().sign())).containsEntry("alg", "HS256");
    }

    @Test
    void rs256HeaderOverAnEcSignature(RealmHandle demo) {
        String token = demo.mint().rs256HeaderOverEcKey().sign();

        assertThat(Jwt.header(token)).containsEntry("alg", "RS256").containsEntry("kid", demo.keys().activeKeyId());
        assertThat(Jwt.verifies(token, jwks(demo))).isFalse();
        assertThat(Base64.getUrlDecoder().decode(token.split("\\.")[2])).hasSize(64);
    }

    @Test
    void embeddedJwkAndJkuAndX5uPointToTheAttackerKey(RealmHandle demo) throws Exception {
        String jwk = demo.mint().embeddedJwk().sign();
        String jku = demo.mint().jku().sign();
        String x5u = demo.mint().x5u(java.net.URI.create("https://attacker.example/cert.pem")).sign();

        JWSObject embedded = JWSObject.parse(jwk);
        assertThat(embedded.verify(new RSASSAVerifier(embedded.getHeader().getJWK().toRSAKey()))).isTrue();
        assertThat(Jwt.verifies(jwk, jwks(demo))).isFalse();
        String attackerJwks = Http.get(java.net.URI.create((String) Jwt.header(jku).get("jku"))).body();
        assertThat(Jwt.verifies(jku, attackerJwks)).isTrue();
        assertThat(Jwt.header(x5u)).containsEntry("x5u", "https://attacker.example/cert.pem");
    }

    @Test
    void otherRsaAlgorithmsAndOwnKeys(RealmHandle demo) throws Exception {
        String rs512 = demo.mint().algorithm("RS512").sign();
        ECKey own = new ECKeyGenerator(Curve.P_256).generate();
        String es256 = demo.mint().signedWith(own.toECPrivateKey(), "ES256").keyId("mine").sign();

        assertThat(Jwt.header(rs512)).containsEntry("alg", "RS512");
        assertThat(JWSObject.parse(rs512).verify(new RSASSAVerifier(
                (RSAKey) JWKSet.parse(jwks(demo)).getKeyByKeyId(demo.keys().activeKeyId())))).isTrue();
        assertThat(JWSObject.parse(es256).verify(new ECDSAVerifier(own.toPublicJWK()))).isTrue();
        assertThat(Jwt.header(es256)).containsEntry("kid", "mine");
    }

    @Test
    void mintedTokensFollowTheInjectedClock() {
        MutableClock clock = new MutableClock(Instant.parse("2030-05-01T10:00:00Z"));
        try (ReferenceIssuer own = ReferenceIssuer.builder().clock(clock).start()) {
            Map<String, Object> claims = Jwt.claims(own.realm("demo").mint().sign());

            assertThat(claims).containsEntry("iat", clock.instant().getEpochSecond())
                    .containsEntry("exp", clock.instant().getEpochSecond() + 300);
        }
    }
}
