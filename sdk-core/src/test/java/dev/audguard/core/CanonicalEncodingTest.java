package dev.audguard.core;

import com.nimbusds.jose.jwk.JWK;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.audguard.core.TestTokens.AUDIENCE;
import static dev.audguard.core.TestTokens.ISSUER;
import static dev.audguard.core.TestTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One token, one spelling (issue 13 item 9): the JDK decoder ignores the unused low bits of a
 * segment's last character, so a 256-byte RS256 or 64-byte ES256 signature had 16 accepted
 * spellings, each its own verified-cache entry and token exchange, each past a deny list keyed on
 * the token text.
 */
class CanonicalEncodingTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private final MutableClock clock = MutableClock.atDefaultStart();

    static Stream<Arguments> keys() {
        return Stream.of(Arguments.of("RS256", TestKeys.RSA), Arguments.of("ES256", TestKeys.EC));
    }

    private TokenValidator validator(boolean cached) {
        TokenValidator.Builder builder = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock)
                .jwks(TestKeys.jwks(TestKeys.RSA, TestKeys.EC));
        return (cached ? builder : builder.disableVerifiedTokenCache()).build();
    }

    /** The 2^unused spellings of {@code segment} that decode to the same bytes, the canonical one first. */
    private static List<String> spellings(String segment) {
        int unused = switch (segment.length() % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> 0;
        };
        String body = segment.substring(0, segment.length() - 1);
        int canonical = ALPHABET.indexOf(segment.charAt(segment.length() - 1));
        assertThat(canonical & ((1 << unused) - 1)).as("the minted segment is canonical").isZero();
        List<String> all = new ArrayList<>();
        for (int low = 0; low < 1 << unused; low++) {
            all.add(body + ALPHABET.charAt(canonical | low));
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void ofTheSixteenSpellingsOfARealSignatureExactlyOneIsAccepted(String alg, JWK key) {
        String token = valid(clock).signedBy(key).sign();
        String signingInput = token.substring(0, token.lastIndexOf('.') + 1);
        List<String> spellings = spellings(token.substring(token.lastIndexOf('.') + 1));
        assertThat(spellings).as("a %s signature leaves 4 pad bits", alg).hasSize(16);

        for (boolean cached : new boolean[] {false, true}) {
            TokenValidator validator = validator(cached);
            List<String> accepted = new ArrayList<>();
            for (String spelling : spellings) {
                String variant = signingInput + spelling;
                try {
                    validator.validate(variant);
                    accepted.add(variant);
                } catch (TokenValidationException e) {
                    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
                }
            }
            assertThat(accepted).as("cache " + cached).containsExactly(token);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void nonZeroPadBitsInTheHeaderOrPayloadAreRefused(String alg, JWK key) {
        TokenValidator validator = validator(false);
        int checked = 0;
        // pad the header and the payload until their encodings end mid-quantum, as most real ones do
        for (int extra = 0; extra < 3; extra++) {
            String token = valid(clock).signedBy(key).header("x", "y".repeat(extra)).claim("x", "y".repeat(extra)).sign();
            String[] parts = token.split("\\.");
            for (int part = 0; part < 2; part++) {
                List<String> spellings = spellings(parts[part]);
                for (String spelling : spellings.subList(1, spellings.size())) {
                    String[] bent = parts.clone();
                    bent[part] = spelling;
                    String variant = String.join(".", bent);
                    assertThat(TokenValidatorTest.reasonOf(() -> validator.validate(variant))).as(variant.substring(0, 20))
                            .isEqualTo(Reason.MALFORMED);
                    checked++;
                }
            }
            assertThat(validator.validate(token)).isNotNull();
        }
        assertThat(checked).as("some segments ended mid-quantum").isGreaterThan(0);
    }
}
