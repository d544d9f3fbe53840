package dev.audguard.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the README-example tests compare: the fenced code blocks of a Markdown text, and the code
 * between {@code // readme:NAME {} and {@code // readme:NAME }} markers in a test source, both
 * normalized so that indentation and blank lines do not matter. Stateless and thread-safe.
 * <pre>{@code
 * List<String> blocks = ReadmeSnippets.fencedBlocks(readme, "java");
 * assertThat(ReadmeSnippets.normalized(blocks.get(0)))
 *         .isEqualTo(ReadmeSnippets.normalized(ReadmeSnippets.marked(source, "orders")));
 * }</pre>
 */
public final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    /** The contents of every {@code ```lang} block of {@code markdown}, in order; the fences may be indented. */
    public static List<String> fencedBlocks(String markdown, String lang) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?ms)^ *```" + Pattern.quote(lang) + "\\n(.*?)^ *```").matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** The code between the {@code // readme:name {} and {@code // readme:name }} markers; fails the test without them. */
    public static String marked(String source, String name) {
        Matcher m = Pattern.compile("(?s)// readme:" + Pattern.quote(name) + " \\{\\n(.*?)\\n\\s*// readme:"
                + Pattern.quote(name) + " }").matcher(source);
        assertThat(m.find()).as("marker " + name).isTrue();
        return m.group(1);
    }

    /** The lines of {@code code} without leading or trailing white space, blank lines dropped. */
    public static List<String> normalized(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
