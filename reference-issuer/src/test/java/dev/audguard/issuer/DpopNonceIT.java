package dev.audguard.issuer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server nonces at the token endpoint (RFC 9449 section 8) for a client with the reference issuer's
 * {@code reference-issuer.dpop.nonce.required} attribute: {@code 400 use_dpop_nonce} with a
 * {@code DPoP-Nonce} header, the retry with it served, every answer naming the next nonce, a nonce
 * good for its minute and the next, none asked of other clients.
 */
class DpopNonceIT {

    private static ReferenceIssuer issuer;
    private static RealmHandle shop;
    private static ECKey key;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    @BeforeAll
    static void start() throws Exception {
        issuer = ReferenceIssuer.builder().realm(Realm.builder("shop")
                .client("noncey", c -> c.secret("n-secret").serviceAccount().attribute("reference-issuer.dpop.nonce.required", "true"))
                .client("relaxed", c -> c.secret("r-secret").serviceAccount())
                .build()).start();
        shop = issuer.realm("shop");
        key = new ECKeyGenerator(Curve.P_256).generate();
    }

    @BeforeEach
    void freeze() {
        // iat and the nonce's minute are both read from the issuer's clock: frozen, a slow machine moves neither edge
        issuer.clock().reset().freeze();
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static String proof(String nonce) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", "POST")
                .claim("htu", shop.tokenEndpoint().toString()).issueTime(Date.from(issuer.clock().instant()));
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK()).build(), claims.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> token(String client, String secret, String proof) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(shop.tokenEndpoint()).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").header("DPoP", proof)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + client + "&client_secret=" + secret))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JSONObjectUtils.parse(response.body());
    }

    @Test
    void aProofWithoutNonceIsAnsweredWithUseDpopNonceAndTheNonce() throws Exception {
        HttpResponse<String> response = token("noncey", "n-secret", proof(null));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "use_dpop_nonce")
                .containsEntry("error_description", "Authorization server requires nonce in DPoP proof");
        assertThat(response.headers().firstValue("DPoP-Nonce")).hasValueSatisfying(n -> assertThat(n).matches("[A-Za-z0-9_-]{43}"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void theRetryWithTheNonceGetsABoundTokenAndTheNextNonce() throws Exception {
        String nonce = token("noncey", "n-secret", proof(null)).headers().firstValue("DPoP-Nonce").orElseThrow();
        HttpResponse<String> retry = token("noncey", "n-secret", proof(nonce));
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(json(retry)).containsEntry("token_type", "DPoP");
        assertThat(retry.headers().firstValue("DPoP-Nonce")).hasValue(nonce);
    }

    @Test
    void aWrongNonceIsRefusedWithTheRightOne() throws Exception {
        String nonce = token("noncey", "n-secret", proof(null)).headers().firstValue("DPoP-Nonce").orElseThrow();
        HttpResponse<String> wrong = token("noncey", "n-secret", proof("not-the-nonce"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(json(wrong)).containsEntry("error", "use_dpop_nonce")
                .containsEntry("error_description", "DPoP nonce is invalid or expired");
        assertThat(wrong.headers().firstValue("DPoP-Nonce")).hasValue(nonce);
        assertThat(wrong.body()).doesNotContain("not-the-nonce");
    }

    @Test
    void aNonceIsGoodForItsMinuteAndTheNextThenRotates() throws Exception {
        String nonce = token("noncey", "n-secret", proof(null)).headers().firstValue("DPoP-Nonce").orElseThrow();
        issuer.clock().advance(Duration.ofSeconds(DpopNonceIT.PERIOD));
        HttpResponse<String> next = token("noncey", "n-secret", proof(nonce));
        assertThat(next.statusCode()).isEqualTo(200);
        String rotated = next.headers().firstValue("DPoP-Nonce").orElseThrow();
        assertThat(rotated).isNotEqualTo(nonce);

        issuer.clock().advance(Duration.ofSeconds(DpopNonceIT.PERIOD));
        HttpResponse<String> stale = token("noncey", "n-secret", proof(nonce));
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat(json(stale)).containsEntry("error", "use_dpop_nonce");
        assertThat(token("noncey", "n-secret", proof(stale.headers().firstValue("DPoP-Nonce").orElseThrow())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void otherClientsAreAskedForNoNonce() throws Exception {
        HttpResponse<String> response = token("relaxed", "r-secret", proof(null));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsEntry("token_type", "DPoP");
        assertThat(response.headers().firstValue("DPoP-Nonce")).isEmpty();
    }

    @Test
    void aBadProofIsStillInvalidDpopProofNotANonceRequest() throws Exception {
        HttpResponse<String> response = token("noncey", "n-secret", "not.a.proof");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_dpop_proof");
    }

    /** The nonce period, seconds (the issuer's own constant is internal). */
    static final long PERIOD = 60;
}
