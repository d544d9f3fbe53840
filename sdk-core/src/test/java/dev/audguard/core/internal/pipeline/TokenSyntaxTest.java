package dev.audguard.core.internal.pipeline;

import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The character loops of {@link TokenSyntax} give exactly the answers of the regular expressions
 * they replaced (kept here as the oracle), over every ASCII character in every position, empty and
 * long values, {@code =} padding, whitespace, several values and non-ASCII characters; and the
 * whole {@link Credentials#fromValue} gives the answers of its regex version.
 */
class TokenSyntaxTest {
    /** What {@code Credentials} matched before (RFC 6750 section 2.1 {@code b64token}). */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    /** What {@code DpopVerifier} matched before. */
    private static final Pattern JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private static final String[] NON_ASCII = {
        "\u0080", "\u00a0", "\u00e9", "\u0130", "\u017f", "\u212a", "\u2003", "\u2028", "\u3000", "\uff21",
        "\ufeff", "\ud83d\ude00", "\ud83d", "\ude00", "\uffff"
    };

    @Test
    void isB64TokenAgreesWithTheRegexOverTheCorpus() {
        List<String> corpus = corpus(List.of("a", "ab", "abc", "a=", "ab==", "A-._~+/9", "=", "==", "a=b", "eyJ.eyJ.c2ln"));
        assertThat(corpus).hasSizeGreaterThan(10_000);
        assertAgrees(corpus, B64TOKEN, TokenSyntax::isB64Token);
    }

    /**
     * {@code loop} answers as {@code oracle} for every value of {@code corpus}, and the corpus holds
     * both answers in numbers, so agreement is not agreement on "no".
     */
    private static void assertAgrees(List<String> corpus, Pattern oracle, Predicate<String> loop) {
        int accepted = 0;
        List<String> disagreements = new ArrayList<>();
        for (String value : corpus) {
            boolean expected = oracle.matcher(value).matches();
            if (loop.test(value) != expected) {
                disagreements.add(visible(value));
            }
            accepted += expected ? 1 : 0;
        }
        assertThat(disagreements).isEmpty();
        assertThat(accepted).isGreaterThan(1_000).isLessThan(corpus.size() - 1_000);
    }

    @Test
    void isB64TokenFollowsThePaddingRules() {
        assertThat(TokenSyntax.isB64Token("")).isFalse();
        assertThat(TokenSyntax.isB64Token("=")).isFalse();
        assertThat(TokenSyntax.isB64Token("===")).isFalse();
        assertThat(TokenSyntax.isB64Token("a")).isTrue();
        assertThat(TokenSyntax.isB64Token("a=")).isTrue();
        assertThat(TokenSyntax.isB64Token("a===")).isTrue();
        assertThat(TokenSyntax.isB64Token("a=a")).isFalse();
        assertThat(TokenSyntax.isB64Token("=a")).isFalse();
        assertThat(TokenSyntax.isB64Token("a= ")).isFalse();
        assertThat(TokenSyntax.isB64Token("a\t")).isFalse();
        assertThat(TokenSyntax.isB64Token("a,b")).isFalse();
        assertThat(TokenSyntax.isB64Token("a".repeat(100_000) + "==")).isTrue();
        assertThat(TokenSyntax.isB64Token("a".repeat(100_000) + "\u00e9")).isFalse();
    }

    @Test
    void isCompactJwsShapeAgreesWithTheRegexOverTheCorpus() {
        List<String> corpus = corpus(List.of("a.b.c", "ab.cd.", "a.b", "a..c", ".b.c", "a.b.c.d", "eyJ-_.eyJ_-.c2l-_", "..", "a.b.c="));
        assertAgrees(corpus, JWS, TokenSyntax::isCompactJwsShape);
    }

    @Test
    void fromValueGivesTheAnswersOfTheRegexVersion() {
        Set<String> schemes = Set.of("bearer", "dpop");
        List<String> tokens = corpus(List.of("eyJ.eyJ.c2ln", "a=", "ab=="));
        List<String> values = new ArrayList<>();
        values.add("");
        values.add("Bearer");
        values.add("Bearer ");
        values.add(" \t");
        for (String prefix : List.of("Bearer ", "bearer ", "BEARER  ", "DPoP ", "\tBearer ", "Bearer\t", "Basic ", "Bearer,")) {
            for (String token : tokens) {
                values.add(prefix + token);
            }
        }
        for (String token : tokens) {
            // trailing optional whitespace, and several values in one header
            values.add("Bearer " + token + " \t");
            values.add("DPoP " + token + ", Bearer " + token);
        }
        int credentials = 0;
        List<String> disagreements = new ArrayList<>();
        for (String value : values) {
            String expected = answer(() -> regexFromValue(value, schemes));
            String actual = answer(() -> Credentials.fromValue(value, schemes));
            if (!actual.equals(expected)) {
                disagreements.add(visible(value) + ": " + actual + " instead of " + expected);
            }
            credentials += expected.startsWith("credential") ? 1 : 0;
        }
        assertThat(disagreements).isEmpty();
        assertThat(credentials).isGreaterThan(1_000).isLessThan(values.size() - 1_000);
    }

    /**
     * Every seed, every ASCII character and the non-ASCII ones at every position of each seed (in
     * front, replacing, after), each character alone and doubled, and 3,000 seeded random strings
     * over an alphabet weighted towards the grammar's edges.
     */
    private static List<String> corpus(List<String> seeds) {
        Set<String> corpus = new LinkedHashSet<>(seeds);
        List<String> characters = new ArrayList<>();
        for (char c = 0; c < 128; c++) {
            characters.add(String.valueOf(c));
        }
        characters.addAll(List.of(NON_ASCII));
        for (String c : characters) {
            corpus.add(c);
            corpus.add(c + c);
            for (String seed : seeds) {
                for (int i = 0; i <= seed.length(); i++) {
                    corpus.add(seed.substring(0, i) + c + seed.substring(i));
                    if (i < seed.length()) {
                        corpus.add(seed.substring(0, i) + c + seed.substring(i + 1));
                    }
                }
            }
        }
        corpus.add("");
        corpus.add("A".repeat(20_000));
        corpus.add("A".repeat(20_000) + "=".repeat(5));
        corpus.add("A".repeat(10_000) + "." + "B".repeat(10_000) + "." + "C".repeat(10_000));
        Random random = new Random(6750);
        String[] alphabet = {"a", "Z", "0", "-", ".", "_", "~", "+", "/", "=", "=", " ", "\t", ",", "\u00e9", "\ud83d\ude00"};
        for (int n = 0; n < 3_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            corpus.add(s.toString());
        }
        return List.copyOf(corpus);
    }

    /** {@code Credentials.fromValue} as it was, with the regular expression. */
    private static Credential regexFromValue(String authorization, Set<String> schemes) {
        String value = trimOws(authorization);
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            return null;
        }
        if (space < 0) {
            throw new TokenValidationException(Reason.INVALID_REQUEST);
        }
        String token = value.substring(space + 1);
        if (!B64TOKEN.matcher(token).matches()) {
            throw new TokenValidationException(Reason.INVALID_REQUEST);
        }
        return new Credential(scheme, token);
    }

    private static String trimOws(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
    }

    private interface Parse {
        Credential run();
    }

    private static String answer(Parse parse) {
        try {
            Credential credential = parse.run();
            return credential == null ? "none" : "credential " + credential.scheme() + ' ' + credential.token();
        } catch (TokenValidationException e) {
            return "refused " + e.reason().code();
        }
    }

    private static String visible(String value) {
        StringBuilder s = new StringBuilder();
        for (char c : (value.length() > 40 ? value.substring(0, 40) + "..." : value).toCharArray()) {
            s.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return s.toString();
    }
}
