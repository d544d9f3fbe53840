package dev.audguard.issuer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** defaultSignatureAlgorithm, per-client algorithms, fixed keys and stable key ids. */
class SigningAlgorithmsIT {

    private static final List<String> ALGORITHMS = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512");

    /** Verifies with the JWKS the issuer serves, as an independent verifier would. */
    private static boolean verifiesAgainstJwks(String token, RealmHandle realm) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWK key = JWKSet.parse(Http.get(realm.jwksUri()).body()).getKeyByKeyId(jwt.getHeader().getKeyID());
        if (key == null || key.getAlgorithm() == null || !key.getAlgorithm().equals(jwt.getHeader().getAlgorithm())) {
            return false;
        }
        java.security.Key publicKey = key instanceof RSAKey rsa ? rsa.toPublicKey() : ((ECKey) key).toPublicKey();
        return jwt.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), publicKey));
    }

    private static Realm realm(String name, String algorithm) {
        return Realm.builder(name).defaultSignatureAlgorithm(algorithm)
                .client("svc", c -> c.secret("s").serviceAccount().audienceMapper("api"))
                .client("api", c -> c.secret("api-secret"))
                .build();
    }

    @Test
    void theRealmsDefaultAlgorithmSignsItsTokensWithAKeyOfThatType() throws Exception {
        ReferenceIssuer.Builder builder = ReferenceIssuer.builder();
        ALGORITHMS.forEach(alg -> builder.realm(realm(alg.toLowerCase(), alg)));
        try (ReferenceIssuer issuer = builder.start()) {
            for (String alg : ALGORITHMS) {
                RealmHandle realm = issuer.realm(alg.toLowerCase());
                String token = realm.clientCredentials("svc", "s").accessToken();
                String minted = realm.mint().audience("api").sign();

                assertThat(Jwt.header(token)).as(alg).containsEntry("alg", alg).containsEntry("kid", realm.keys().activeKeyId());
                assertThat(verifiesAgainstJwks(token, realm)).as(alg).isTrue();
                assertThat(Jwt.header(minted)).as(alg).containsEntry("alg", alg);
                assertThat(verifiesAgainstJwks(minted, realm)).as(alg).isTrue();
                JWK published = JWKSet.parse(realm.keys().jwksJson()).getKeyByKeyId(realm.keys().activeKeyId());
                assertThat(published.getKeyType()).as(alg).isEqualTo(alg.startsWith("ES") ? KeyType.EC : KeyType.RSA);
                assertThat(Http.postBasic(realm.introspectionEndpoint(), "api", "api-secret", Map.of("token", token)).json())
                        .as(alg).containsEntry("active", true);
            }
        }
    }

    @Test
    void aClientsOwnAlgorithmsSignItsAccessAndIdTokens() throws Exception {
        Realm realm = Realm.builder("mixed")
                .client("ec", c -> c.secret("s").directAccessGrants().attribute("access.token.signed.response.alg", "ES256")
                        .attribute("id.token.signed.response.alg", "PS384"))
                .client("plain", c -> c.secret("s").directAccessGrants())
                .user("u", u -> u.password("u"))
                .build();
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(realm).start()) {
            RealmHandle mixed = issuer.realm("mixed");
            TokenResponse ec = mixed.passwordGrant("ec", "s", "u", "u", "openid");
            TokenResponse plain = mixed.passwordGrant("plain", "s", "u", "u", "openid");

            assertThat(Jwt.header(ec.accessToken())).containsEntry("alg", "ES256");
            assertThat(Jwt.header(ec.idToken().orElseThrow())).containsEntry("alg", "PS384");
            assertThat(Jwt.header(plain.accessToken())).containsEntry("alg", "RS256");
            assertThat(verifiesAgainstJwks(ec.accessToken(), mixed)).isTrue();
            assertThat(verifiesAgainstJwks(ec.idToken().orElseThrow(), mixed)).isTrue();
            byte[] sha384 = MessageDigest.getInstance("SHA-384").digest(ec.accessToken().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(Jwt.claims(ec.idToken().orElseThrow())).containsEntry("at_hash",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha384, 24)));
            assertThat(mixed.refresh("ec", "s", ec.refreshToken().orElseThrow()).accessToken()).isNotBlank();
        }
        assertThatThrownBy(() -> Realm.builder("bad").client("c", c -> c.attribute("access.token.signed.response.alg", "HS256")).build())
                .isInstanceOfSatisfying(RealmFormatException.class,
                        e -> assertThat(e.jsonPath()).isEqualTo("$.clients[0].attributes.access.token.signed.response.alg"));
    }

    @Test
    void aSuppliedPemKeySignsWithTheSameThumbprintKidOnEveryRun() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        String expectedKid = new RSAKey.Builder((java.security.interfaces.RSAPublicKey) pair.getPublic()).build()
                .computeThumbprint().toString();

        for (int run = 0; run < 2; run++) {
            try (ReferenceIssuer issuer = ReferenceIssuer.builder().signingKey("demo", pem).start()) {
                RealmHandle demo = issuer.realm("demo");
                String token = demo.clientCredentials("service-b", "b-secret").accessToken();

                assertThat(demo.keys().activeKeyId()).isEqualTo(expectedKid);
                SignedJWT jwt = SignedJWT.parse(token);
                assertThat(jwt.getHeader().getKeyID()).isEqualTo(expectedKid);
                assertThat(jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier((java.security.interfaces.RSAPublicKey) pair.getPublic())))
                        .isTrue();
            }
        }
    }

    @Test
    void aSuppliedJwkKeepsItsKidAndAlgorithm() throws Exception {
        ECKey jwk = new ECKeyGenerator(Curve.P_384).keyID("my-ec").algorithm(JWSAlgorithm.ES384).generate();
        Realm realm = Realm.builder("ec").defaultSignatureAlgorithm("ES384")
                .client("svc", c -> c.secret("s").serviceAccount()).build();
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(realm).signingKey("ec", jwk.toJSONString()).start()) {
            String token = issuer.realm("ec").clientCredentials("svc", "s").accessToken();

            assertThat(Jwt.header(token)).containsEntry("kid", "my-ec").containsEntry("alg", "ES384");
            assertThat(SignedJWT.parse(token).verify(new com.nimbusds.jose.crypto.ECDSAVerifier(jwk.toPublicJWK()))).isTrue();
        }
    }

    @Test
    void unusableKeysFailAtStartWithoutQuotingThem() {
        String secretLooking = "-----BEGIN RSA PRIVATE KEY-----\nTUlJQ2VB\n-----END RSA PRIVATE KEY-----";

        assertThatThrownBy(() -> ReferenceIssuer.builder().signingKey("demo", secretLooking))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PKCS#8").hasMessageNotContaining("TUlJ");
        assertThatThrownBy(() -> ReferenceIssuer.builder().signingKey("demo", "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("c2VjcmV0");
        assertThatThrownBy(() -> ReferenceIssuer.builder().signingKey("nowhere",
                        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                                + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}").start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nowhere");
    }

    @Test
    void stableKeyIdsNameGeneratedKeysByRealmAlgorithmAndGeneration() {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().stableKeyIds().start()) {
            RealmHandle demo = issuer.realm("demo");
            assertThat(demo.keys().activeKeyId()).isEqualTo("demo-rs256-1");
            assertThat(Jwt.header(demo.clientCredentials("service-b", "b-secret").accessToken())).containsEntry("kid", "demo-rs256-1");

            assertThat(demo.keys().rotate()).isEqualTo("demo-rs256-2");
        }
    }
}
