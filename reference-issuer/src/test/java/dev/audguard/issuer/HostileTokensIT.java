package dev.audguard.issuer;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared catalogue as the issuer alone can check it (the refusals themselves are checked by
 * sdk-core's HostileTokenCatalogueIT and the conformance kit): every case mints, bends the control
 * token, is named once and carries a known code; the minter methods it needs do what they say.
 */
class HostileTokensIT {

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    /** The codes of sdk-core's Reason that a hostile token can earn, written out: this module does not see sdk-core. */
    private static final Set<String> CODES = Set.of("malformed", "token_too_large", "unsupported_algorithm", "unknown_key",
            "bad_signature", "expired", "not_yet_valid", "issued_in_future", "untrusted_issuer", "audience_mismatch",
            "missing_claim", "invalid_claim", "wrong_token_type");

    private static HostileTokens.Context context(RealmHandle demo, HostileTokens.Published published) {
        return new HostileTokens.RealmContext(demo, "service-b", () -> demo.mint().subject("alice").audience("service-b"),
                Duration.ofSeconds(60), 16 * 1024, published);
    }

    @Test
    void everyCaseMintsSomethingOtherThanTheControlTokenUnderAKnownCode(RealmHandle demo) {
        HostileTokens.Published published = HostileTokens.publish(demo.keys());
        HostileTokens.Context context = context(demo, published);
        String control = context.base().sign();
        Set<String> names = new HashSet<>();

        List<HostileTokens.Hostile> all = Stream.of(HostileTokens.catalogue(), HostileTokens.outsideBearerSyntax(),
                HostileTokens.publishedKeyCases()).flatMap(List::stream).toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(85);
        for (HostileTokens.Hostile hostile : all) {
            assertThat(names.add(hostile.name())).as("named once: " + hostile.name()).isTrue();
            assertThat(CODES).as(hostile.name()).contains(hostile.code());
            String token = hostile.token().apply(context);
            assertThat(token).as(hostile.name()).isNotEqualTo(control);
        }
        assertThat(HostileTokens.oversized(context).length()).isGreaterThan(16 * 1024);
    }

    @Test
    void aRealmContextAnswersForTheRealmAndRefusesPublishedKeysItWasNotGiven(RealmHandle demo) {
        HostileTokens.Context context = context(demo, null);

        assertThat(context.issuer()).isEqualTo(demo.issuerUrl());
        assertThat(context.activeKeyId()).isEqualTo(demo.keys().activeKeyId());
        assertThat(context.audience()).isEqualTo("service-b");
        long iat = ((Number) Jwt.claims(context.base().sign()).get("iat")).longValue();
        assertThat(context.now().getEpochSecond()).isBetween(iat, iat + 1);
        assertThat(Jwt.claims(context.base().sign())).containsEntry("aud", "service-b");
        assertThatThrownBy(() -> context.publishedKey(HostileTokens.PADDED_WEAK_KID)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> context.publishedKeyId(HostileTokens.PADDED_WEAK_KID)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(context::retiredKeyId).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new HostileTokens.RealmContext(demo, "service-b", demo::mint, Duration.ZERO, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publishRetiresTheActiveKeyAndPublishesTheOddKeysVerbatim(RealmHandle demo) {
        String before = demo.keys().activeKeyId();

        HostileTokens.Published published = HostileTokens.publish(demo.keys());

        assertThat(published.retiredKeyId()).isEqualTo(before);
        assertThat(demo.keys().activeKeyId()).isNotEqualTo(before);
        String jwks = demo.keys().jwksJson();
        assertThat(jwks).doesNotContain("\"" + before + "\"");
        assertThat(published.keyIds()).containsOnlyKeys(HostileTokens.PADDED_WEAK_KID, HostileTokens.ENCRYPT_ONLY_KID);
        published.keyIds().values().forEach(kid -> assertThat(jwks).contains("\"" + kid + "\""));
        assertThat(jwks).contains("\"key_ops\":[\"encrypt\"]");
        assertThat(published.toString()).doesNotContain("PrivateKey").doesNotContain("modulus");
    }

    @Test
    void algHeaderWritesAnyValueAndSignsNothing(RealmHandle demo) {
        String eddsa = demo.mint().algHeader("EdDSA").sign();
        String number = demo.mint().algHeader(256).sign();
        String none = demo.mint().withoutAlgHeader().sign();

        assertThat(eddsa).endsWith(".");
        assertThat(headerOf(eddsa)).containsEntry("alg", "EdDSA").containsEntry("kid", demo.keys().activeKeyId());
        assertThat(((Number) headerOf(number).get("alg")).intValue()).isEqualTo(256);
        assertThat(headerOf(none)).doesNotContainKey("alg").containsKey("kid");
        assertThat(none).endsWith(".");
    }

    /** The header as JSON: Nimbus will not parse one whose alg is missing or not a string. */
    private static java.util.Map<String, Object> headerOf(String token) {
        return dev.audguard.issuer.internal.Json.parseObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]),
                StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void hmacWithPublicKeyTakesAnotherHmacAlgorithmOnly(RealmHandle demo) throws Exception {
        String token = demo.mint().hmacWithPublicKey(TokenMinter.PublicKeyBytes.DER, "HS512").sign();
        RSAKey published = (RSAKey) JWKSet.parse(demo.keys().jwksJson()).getKeyByKeyId(demo.keys().activeKeyId());

        assertThat(Jwt.header(token)).containsEntry("alg", "HS512");
        assertThat(JWSObject.parse(token).verify(new MACVerifier(published.toRSAPublicKey().getEncoded()))).isTrue();
        assertThatThrownBy(() -> demo.mint().hmacWithPublicKey(TokenMinter.PublicKeyBytes.DER, "RS256"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HMAC");
    }

    @Test
    void payloadTextIsSignedExactlyAsWritten(RealmHandle demo) {
        String json = "{\"sub\":\"a\",\"sub\":\"b\"}";
        String token = demo.mint().claim("ignored", true).payloadText(json).sign();

        assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(Jwt.verifies(token, demo.keys().jwksJson())).isTrue();
    }

    @Test
    void aCaseWithoutASnakeCaseCodeIsRefused() {
        assertThatThrownBy(() -> new HostileTokens.Hostile("x", "Bad Signature", c -> ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
