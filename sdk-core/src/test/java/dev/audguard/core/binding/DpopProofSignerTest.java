package dev.audguard.core.binding;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.testsupport.MutableClock;
import dev.audguard.core.TestKeys;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's proofs, checked by the resource server's own verifier. */
class DpopProofSignerTest {
    static final String BASE = "https://api.example.com";
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";

    final MutableClock clock = MutableClock.atDefaultStart();
    final DpopProofSigner signer = DpopProofSigner.builder().keyPair(DpopProofSigner.generateP256()).clock(clock).build();

    DpopVerifier.Builder verifier() {
        return DpopVerifier.builder().externalBaseUrl(URI.create(BASE)).clock(clock);
    }

    static Map<String, Object> part(String jws, int index) throws Exception {
        return JSONObjectUtils.parse(new Base64URL(jws.split("\\.")[index]).decodeToString());
    }

    @Test
    void proofForAResourcePassesTheVerifierAndBindsToTheThumbprint() {
        String proof = signer.proof("GET", URI.create(BASE + "/orders/42"), TOKEN, null);

        DpopProof checked = verifier().build().verify("GET", "/orders/42", List.of(proof), TOKEN, signer.thumbprint());

        assertThat(checked).isNotNull();
        assertThat(signer.algorithm()).isEqualTo("ES256");
    }

    @Test
    void proofForAnotherTokenIsRefusedByTheVerifier() {
        String proof = signer.proof("GET", URI.create(BASE + "/orders/42"), TOKEN, null);

        assertThatThrownBy(() -> verifier().build().verify("GET", "/orders/42", List.of(proof), TOKEN + "x", signer.thumbprint()))
                .isInstanceOfSatisfying(SenderBindingException.class,
                        e -> assertThat(e.reason()).isEqualTo(BindingReason.DPOP_PROOF_TOKEN_HASH_MISMATCH));
    }

    @Test
    void athIsBase64UrlOfSha256OfTheToken() throws Exception {
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.US_ASCII)));

        assertThat(part(signer.proof("GET", URI.create(BASE + "/"), TOKEN, null), 1)).containsEntry("ath", expected);
        assertThat(DpopProofSigner.ath(TOKEN)).isEqualTo(expected);
    }

    @Test
    void tokenEndpointProofHasNoAth() throws Exception {
        Map<String, Object> claims = part(signer.proof("POST", URI.create("https://idp.example.com/token"), null), 1);

        assertThat(claims).doesNotContainKey("ath").containsEntry("htm", "POST").containsEntry("htu", "https://idp.example.com/token");
    }

    @Test
    void iatComesFromTheInjectedClock() throws Exception {
        clock.advance(Duration.ofHours(3));

        Map<String, Object> claims = part(signer.proof("GET", URI.create(BASE + "/"), TOKEN, null), 1);

        assertThat(((Number) claims.get("iat")).longValue()).isEqualTo(clock.instant().getEpochSecond());
    }

    @Test
    void htuIsNormalisedWithoutQueryOrFragment() throws Exception {
        Map<String, Object> claims = part(signer.proof("GET", URI.create("HTTPS://API.Example.com:443/a/./b/%7euser?x=1#f"), TOKEN, null), 1);

        assertThat(claims).containsEntry("htu", "https://api.example.com/a/b/~user");
    }

    @Test
    void everyProofHasItsOwnJti() throws Exception {
        URI uri = URI.create(BASE + "/");
        Object first = part(signer.proof("GET", uri, TOKEN, null), 1).get("jti");
        Object second = part(signer.proof("GET", uri, TOKEN, null), 1).get("jti");

        assertThat(first).isNotEqualTo(second);
        assertThat((String) first).hasSizeGreaterThanOrEqualTo(22);
    }

    @Test
    void nonceIsSentAndAcceptedByAVerifierRequiringNonces() {
        DpopVerifier verifier = verifier().requireNonces(Duration.ofMinutes(5)).build();
        String nonce = verifier.currentNonce().orElseThrow();

        String proof = signer.proof("GET", URI.create(BASE + "/orders"), TOKEN, nonce);

        assertThat(verifier.verify("GET", "/orders", List.of(proof), TOKEN, signer.thumbprint())).isNotNull();
    }

    @Test
    void headerCarriesThePublicKeyOnly() throws Exception {
        Map<String, Object> header = part(signer.proof("GET", URI.create(BASE + "/"), TOKEN, null), 0);

        assertThat(header).containsEntry("typ", "dpop+jwt").containsEntry("alg", "ES256");
        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = (Map<String, Object>) header.get("jwk");
        assertThat(jwk).containsKeys("kty", "crv", "x", "y").doesNotContainKey("d");
    }

    @Test
    void rsaKeyPairSignsPs256ProofsTheVerifierAccepts() {
        KeyPair rsa;
        try {
            rsa = TestKeys.RSA.toKeyPair();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new AssertionError(e);
        }
        DpopProofSigner rsaSigner = DpopProofSigner.builder().keyPair(rsa).clock(clock).build();
        String proof = rsaSigner.proof("POST", URI.create(BASE + "/orders"), TOKEN, null);

        assertThat(rsaSigner.algorithm()).isEqualTo("PS256");
        assertThat(verifier().algorithms("PS256").build().verify("POST", "/orders", List.of(proof), TOKEN, rsaSigner.thumbprint()))
                .isNotNull();
    }

    @Test
    void shortRsaKeysAreRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair weak = generator.generateKeyPair();

        assertThatThrownBy(() -> DpopProofSigner.builder().keyPair(weak).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048");
    }

    @Test
    void buildWithoutKeyPairFailsAndNamesTheFix() {
        assertThatThrownBy(() -> DpopProofSigner.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("keyPair(");
    }

    @Test
    void relativeUriIsRefused() {
        assertThatThrownBy(() -> signer.proof("GET", URI.create("/orders"), TOKEN, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNamesTheThumbprintOnly() {
        assertThat(signer.toString()).contains(signer.thumbprint()).doesNotContain("\"d\"");
    }

    @Test
    void aPrivateJwkSignsProofsTheVerifierBindsToItsThumbprint() throws Exception {
        com.nimbusds.jose.jwk.ECKey key = TestKeys.ec("client-key", com.nimbusds.jose.jwk.Curve.P_256);
        DpopProofSigner fromJwk = DpopProofSigner.builder().privateJwk(key.toJSONString()).clock(clock).build();

        String proof = fromJwk.proof("GET", URI.create(BASE + "/orders/42"), TOKEN, null);

        assertThat(fromJwk.thumbprint()).isEqualTo(key.computeThumbprint().toString());
        assertThat(verifier().build().verify("GET", "/orders/42", List.of(proof), TOKEN, key.computeThumbprint().toString())).isNotNull();
        assertThat(DpopProofSigner.builder().privateJwk(TestKeys.RSA.toJSONString()).build().algorithm()).isEqualTo("PS256");
    }

    @Test
    void aPublicOrUnreadableJwkIsRefusedWithoutQuotingIt() {
        String publicOnly = TestKeys.EC.toPublicJWK().toJSONString();
        String garbage = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"secret-looking-x\"";
        String octet = new com.nimbusds.jose.jwk.OctetSequenceKey.Builder(new byte[32]).build().toJSONString();

        assertThatThrownBy(() -> DpopProofSigner.builder().privateJwk(publicOnly))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("public key only")
                .hasMessageNotContaining(TestKeys.EC.getX().toString());
        assertThatThrownBy(() -> DpopProofSigner.builder().privateJwk(garbage))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a readable JWK")
                .hasMessageNotContaining("secret-looking");
        assertThatThrownBy(() -> DpopProofSigner.builder().privateJwk(octet))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EC or RSA");
    }
}
