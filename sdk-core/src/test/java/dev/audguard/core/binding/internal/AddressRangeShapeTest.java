package dev.audguard.core.binding.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peer-address shape checks, loops since issue 21, give the answers of the regular expressions
 * they replaced (kept here as the oracle): every ASCII character (and some non-ASCII digits and
 * letters) in every position of IPv4 and IPv6 literals, and seeded random strings.
 */
class AddressRangeShapeTest {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    @Test
    void theLoopsAgreeWithTheRegularExpressions() {
        Set<String> corpus = new LinkedHashSet<>(List.of("", ".", "...", "1.2.3.4", "10.0.0.1", "255.255.255.255",
                "1234.1.1.1", "1.2.3", "1.2.3.4.5", "::1", "fd00::1", "::ffff:10.0.0.1", "FE80::A:b", "0.0.0.0", "1..2.3"));
        List<String> seeds = List.copyOf(corpus);
        List<String> characters = new ArrayList<>();
        for (char c = 0; c < 128; c++) {
            characters.add(String.valueOf(c));
        }
        // digits and letters outside ASCII: \d and [0-9A-F] never match them
        characters.addAll(List.of("\u0661", "\uff11", "\u00e9", "\uff21", "\u2024"));
        for (String c : characters) {
            for (String seed : seeds) {
                for (int i = 0; i <= seed.length(); i++) {
                    corpus.add(seed.substring(0, i) + c + seed.substring(i));
                    if (i < seed.length()) {
                        corpus.add(seed.substring(0, i) + c + seed.substring(i + 1));
                    }
                }
            }
        }
        Random random = new Random(8705);
        String[] alphabet = {"1", "9", "0", ".", ".", ":", "a", "F", "g", " "};
        for (int n = 0; n < 3_000; n++) {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(16); i > 0; i--) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            corpus.add(s.toString());
        }
        List<String> disagreements = new ArrayList<>();
        int v4 = 0;
        int v6 = 0;
        for (String value : corpus) {
            boolean expectedV4 = IPV4.matcher(value).matches();
            boolean expectedV6 = IPV6.matcher(value).matches();
            if (AddressRange.isDottedQuad(value) != expectedV4 || AddressRange.isIpv6Characters(value) != expectedV6) {
                disagreements.add(value);
            }
            v4 += expectedV4 ? 1 : 0;
            v6 += expectedV6 ? 1 : 0;
        }
        assertThat(disagreements).isEmpty();
        assertThat(v4).isGreaterThan(300);
        assertThat(v6).isGreaterThan(1_000).isLessThan(corpus.size() - 1_000);
    }
}
