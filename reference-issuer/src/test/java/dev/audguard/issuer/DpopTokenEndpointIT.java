package dev.audguard.issuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9449 section 5 at the token endpoint, with Keycloak 26's client attribute, answers and token shape. */
class DpopTokenEndpointIT {

    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

    private static ReferenceIssuer issuer;
    private static RealmHandle shop;
    private static ECKey key;
    private static ECKey otherKey;

    @BeforeAll
    static void start() throws JOSEException {
        issuer = ReferenceIssuer.builder().realm(Realm.builder("shop")
                .client("web", c -> c.secret("web-secret").directAccessGrants().audienceMapper("gateway"))
                .client("strict", c -> c.secret("strict-secret").directAccessGrants().attribute("dpop.bound.access.tokens", "true"))
                .client("app", c -> c.publicClient().directAccessGrants())
                .client("gateway", c -> c.secret("gw-secret").serviceAccount().standardTokenExchange().audienceMapper("orders"))
                .client("orders", c -> c.bearerOnly())
                .user("carol", u -> u.password("carol"))
                .build()).start();
        shop = issuer.realm("shop");
        // iat is compared with the issuer's time to the second: a frozen clock keeps slow machines from moving the edges
        issuer.clock().freeze();
        key = new ECKeyGenerator(Curve.P_256).generate();
        otherKey = new ECKeyGenerator(Curve.P_256).generate();
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static Map<String, Object> header(JWK jwk, String alg) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("alg", alg);
        header.put("jwk", jwk.toJSONObject());
        return header;
    }

    private static Map<String, Object> claims(String htm, String htu, long iat) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", htm);
        claims.put("htu", htu);
        claims.put("iat", iat);
        return claims;
    }

    private static long now() {
        return issuer.clock().instant().getEpochSecond();
    }

    /** Signs exactly what it is given: the header may say anything a hostile client could write. */
    private static String sign(Map<String, Object> header, Map<String, Object> claims, JWSSigner signer, JWSAlgorithm alg)
            throws JOSEException {
        String input = Base64URL.encode(JSONObjectUtils.toJSONString(header)).toString() + '.'
                + Base64URL.encode(JSONObjectUtils.toJSONString(claims)).toString();
        return input + '.' + signer.sign(new JWSHeader(alg), input.getBytes(StandardCharsets.US_ASCII));
    }

    private static String proof(ECKey k) throws JOSEException {
        return proofBy(k, claims("POST", shop.tokenEndpoint().toString(), now()));
    }

    /** A proof of {@code claims} whose header carries {@code k}'s public JWK, signed ES256 with {@code k}. */
    private static String proofBy(ECKey k, Map<String, Object> claims) throws JOSEException {
        return sign(header(k.toPublicJWK(), "ES256"), claims, new ECDSASigner(k), JWSAlgorithm.ES256);
    }

    private static Http.Answer post(String clientId, String secret, Map<String, String> form, String... proofs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(shop.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(form)));
        if (secret != null) {
            request.header("Authorization", Http.basic(clientId, secret));
        }
        for (String proof : proofs) {
            request.header("DPoP", proof);
        }
        return Http.send(request);
    }

    private static Map<String, String> password(String clientId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", "carol");
        form.put("password", "carol");
        if (clientId != null) {
            form.put("client_id", clientId);
        }
        return form;
    }

    private static Http.Answer webWithProof(String proof) {
        return post("web", "web-secret", password(null), proof);
    }

    private static void assertRefused(Http.Answer answer, String description) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("error", "invalid_dpop_proof").containsEntry("error_description", description);
    }

    @SuppressWarnings("unchecked")
    private static String jktOf(String token) {
        return (String) ((Map<String, Object>) Jwt.claims(token).get("cnf")).get("jkt");
    }

    @Test
    void grantWithValidProofIssuesTokenBoundToTheProofKey() throws JOSEException {
        Http.Answer answer = webWithProof(proof(key));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("token_type", "DPoP");
        String token = (String) answer.json().get("access_token");
        assertThat(jktOf(token)).isEqualTo(key.computeThumbprint().toString());
        assertThat(Jwt.claims(token)).containsEntry("typ", "DPoP");
    }

    @Test
    void grantWithoutProofStaysBearer() {
        Http.Answer answer = post("web", "web-secret", password(null));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("token_type", "Bearer");
        assertThat(Jwt.claims((String) answer.json().get("access_token"))).doesNotContainKey("cnf").containsEntry("typ", "Bearer");
    }

    @Test
    void clientRequiringDpopIsRefusedWithoutProof() {
        assertRefused(post("strict", "strict-secret", password(null)), "DPoP proof is missing");
    }

    @Test
    void clientRequiringDpopGetsBoundTokenWithProof() throws JOSEException {
        Http.Answer answer = post("strict", "strict-secret", password(null), proof(key));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(jktOf((String) answer.json().get("access_token"))).isEqualTo(key.computeThumbprint().toString());
    }

    @Test
    void rsaProofIsAcceptedWithPs256() throws JOSEException {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        String proof = sign(header(rsa.toPublicJWK(), "PS256"), claims("POST", shop.tokenEndpoint().toString(), now()),
                new RSASSASigner(rsa), JWSAlgorithm.PS256);

        Http.Answer answer = webWithProof(proof);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(jktOf((String) answer.json().get("access_token"))).isEqualTo(rsa.computeThumbprint().toString());
    }

    @Test
    void proofForAnotherMethodIsRefused() throws JOSEException {
        String proof = proofBy(key, claims("GET", shop.tokenEndpoint().toString(), now()));

        assertRefused(webWithProof(proof), "DPoP HTTP method mismatch");
    }

    @Test
    void proofForAnotherUrlIsRefused() throws JOSEException {
        String proof = proofBy(key, claims("POST", shop.userinfoEndpoint().toString(), now()));

        assertRefused(webWithProof(proof), "DPoP HTTP URL mismatch");
    }

    @Test
    void htuIsComparedAfterNormalisationAndWithoutQuery() throws JOSEException {
        URI endpoint = shop.tokenEndpoint();
        String htu = endpoint.getScheme().toUpperCase() + "://" + endpoint.getHost().toUpperCase() + ":" + endpoint.getPort()
                + endpoint.getRawPath().replace("/protocol/", "/protocol/./") + "?ignored=1";
        String proof = proofBy(key, claims("POST", htu, now()));

        assertThat(webWithProof(proof).status()).isEqualTo(200);
    }

    @Test
    void staleAndFutureProofsAreRefused() throws JOSEException {
        String stale = proofBy(key, claims("POST", shop.tokenEndpoint().toString(), now() - 26));
        String future = proofBy(key, claims("POST", shop.tokenEndpoint().toString(), now() + 16));

        assertRefused(webWithProof(stale), "DPoP proof is not active");
        assertRefused(webWithProof(future), "DPoP proof is not active");
    }

    @Test
    void proofMadeBeforeTheClockMovedOnIsRefused() throws JOSEException {
        String proof = proof(key);
        issuer.clock().advance(Duration.ofSeconds(30));
        try {
            assertRefused(webWithProof(proof), "DPoP proof is not active");
        } finally {
            issuer.clock().advance(Duration.ofSeconds(-30));
        }
    }

    @Test
    void replayedProofIsRefused() throws JOSEException {
        String proof = proof(key);

        assertThat(webWithProof(proof).status()).isEqualTo(200);
        assertRefused(webWithProof(proof), "DPoP proof has already been used");
    }

    @Test
    void proofSignedByAnotherKeyThanItsJwkIsRefused() throws JOSEException {
        String proof = sign(header(key.toPublicJWK(), "ES256"), claims("POST", shop.tokenEndpoint().toString(), now()),
                new ECDSASigner(otherKey), JWSAlgorithm.ES256);

        assertRefused(webWithProof(proof), "DPoP verification failure");
    }

    @Test
    void proofWithAWeakRsaKeyZeroPaddedTo2048BitsIsRefused() throws Exception {
        // the catalogue's 1024-bit key whose modulus is padded to 256 bytes: its encoded size says 2048
        Map.Entry<PrivateKey, Map<String, Object>> weak = HostileTokens.publishedKeys().get(HostileTokens.PADDED_WEAK_KID);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("alg", "RS256");
        header.put("jwk", weak.getValue());
        String input = Base64URL.encode(JSONObjectUtils.toJSONString(header)).toString() + '.'
                + Base64URL.encode(JSONObjectUtils.toJSONString(claims("POST", shop.tokenEndpoint().toString(), now()))).toString();
        // Nimbus will not sign with a key under 2048 bits: the JCA does
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(weak.getKey());
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));

        assertRefused(webWithProof(input + '.' + Base64URL.encode(rsa.sign())), "Invalid JWK in DPoP header");
    }

    @Test
    void hmacProofIsRefused() throws JOSEException {
        byte[] secret = new byte[32];
        String proof = sign(header(key.toPublicJWK(), "HS256"), claims("POST", shop.tokenEndpoint().toString(), now()),
                new MACSigner(secret), JWSAlgorithm.HS256);

        assertRefused(webWithProof(proof), "Unsupported DPoP algorithm");
    }

    @Test
    void proofWithPrivateJwkIsRefused() throws JOSEException {
        Map<String, Object> header = header(key.toPublicJWK(), "ES256");
        header.put("jwk", key.toJSONObject());
        String proof = sign(header, claims("POST", shop.tokenEndpoint().toString(), now()), new ECDSASigner(key), JWSAlgorithm.ES256);

        Http.Answer answer = webWithProof(proof);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("error", "invalid_dpop_proof");
        assertThat(answer.body()).doesNotContain(key.getD().toString());
    }

    @Test
    void proofWithoutDpopTypeIsRefused() throws JOSEException {
        Map<String, Object> header = header(key.toPublicJWK(), "ES256");
        header.put("typ", "JWT");
        String proof = sign(header, claims("POST", shop.tokenEndpoint().toString(), now()), new ECDSASigner(key), JWSAlgorithm.ES256);

        assertRefused(webWithProof(proof), "Invalid or missing type in DPoP header");
    }

    @Test
    void proofWithoutJwkIsRefused() throws JOSEException {
        Map<String, Object> header = header(key.toPublicJWK(), "ES256");
        header.remove("jwk");
        String proof = sign(header, claims("POST", shop.tokenEndpoint().toString(), now()), new ECDSASigner(key), JWSAlgorithm.ES256);

        assertRefused(webWithProof(proof), "No JWK in DPoP header");
    }

    @Test
    void twoProofsAreRefused() throws JOSEException {
        assertRefused(post("web", "web-secret", password(null), proof(key), proof(key)), "Multiple DPoP proofs");
    }

    @Test
    void garbageProofIsA400NotA500() {
        assertRefused(webWithProof("not-a-jwt"), "DPoP proof is malformed");
    }

    @Test
    void publicClientsRefreshTokenIsBoundToItsKey() throws JOSEException {
        Http.Answer first = post("app", null, password("app"), proof(key));
        assertThat(first.status()).isEqualTo(200);
        String refresh = (String) first.json().get("refresh_token");
        assertThat(jktOf(refresh)).isEqualTo(key.computeThumbprint().toString());
        Map<String, String> form = Map.of("grant_type", "refresh_token", "refresh_token", refresh, "client_id", "app");

        assertRefused(post("app", null, form), "DPoP proof is missing");
        assertRefused(post("app", null, form, proof(otherKey)), "DPoP proof and token binding verification failed");
        Http.Answer refreshed = post("app", null, form, proof(key));

        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json()).containsEntry("token_type", "DPoP");
        assertThat(jktOf((String) refreshed.json().get("access_token"))).isEqualTo(key.computeThumbprint().toString());
    }

    @Test
    void confidentialClientsRefreshTokenIsNotBound() throws JOSEException {
        Http.Answer first = webWithProof(proof(key));
        String refresh = (String) first.json().get("refresh_token");
        assertThat(Jwt.claims(refresh)).doesNotContainKey("cnf");

        Http.Answer refreshed = post("web", "web-secret", Map.of("grant_type", "refresh_token", "refresh_token", refresh));

        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json()).containsEntry("token_type", "Bearer");
    }

    @Test
    void exchangeWithProofIssuesBoundToken() throws JOSEException {
        String subject = shop.passwordGrant("web", "web-secret", "carol", "carol").accessToken();

        Http.Answer answer = post("gateway", "gw-secret", Map.of("grant_type", TOKEN_EXCHANGE, "subject_token", subject,
                "subject_token_type", ACCESS_TOKEN, "audience", "orders"), proof(otherKey));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("token_type", "DPoP");
        String token = (String) answer.json().get("access_token");
        assertThat(jktOf(token)).isEqualTo(otherKey.computeThumbprint().toString());
        assertThat(Jwt.claims(token)).containsEntry("aud", "orders");
    }

    @Test
    void boundSubjectTokenOfAnotherClientIsNotExchanged() throws JOSEException {
        String subject = (String) webWithProof(proof(key)).json().get("access_token");

        Http.Answer answer = post("gateway", "gw-secret", Map.of("grant_type", TOKEN_EXCHANGE, "subject_token", subject,
                "subject_token_type", ACCESS_TOKEN), proof(key));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("error", "invalid_request").containsEntry("error_description",
                "Sender-constrained token exchange rejected as the token was not issued for the requesting client");
    }

    @Test
    void discoveryListsTheProofAlgorithms() {
        @SuppressWarnings("unchecked")
        List<String> algs = (List<String>) Http.get(shop.discoveryUri()).json().get("dpop_signing_alg_values_supported");

        assertThat(algs).contains("ES256", "PS256", "RS256").doesNotContain("HS256", "none");
    }
}
