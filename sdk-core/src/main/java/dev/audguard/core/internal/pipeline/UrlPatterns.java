package dev.audguard.core.internal.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Values keyed by servlet URL patterns, matched the way a Servlet container maps them (Servlet
 * 6.0 section 12.1-12.2), most specific first: an exact pattern, then the longest
 * {@code /prefix/*}, then {@code *.ext} on the last segment, then the default {@code /}. The order
 * in which patterns are added does not matter; a pattern can be added once (two rules for one
 * pattern would be equally specific, so that fails at build time). Not API.
 *
 * <p>Immutable and thread-safe once built.
 *
 * @param <T> the value type
 */
public final class UrlPatterns<T> {
    private final String[] exact;
    private final List<T> exactValues;
    private final String[] prefixes; // pattern without "/*", longest first
    private final List<T> prefixValues;
    private final String[] suffixes; // ".ext"
    private final List<T> suffixValues;
    private final T fallback;
    private final Map<String, T> all;

    private UrlPatterns(Map<String, T> rules, T fallback) {
        List<Map.Entry<String, T>> exactRules = new ArrayList<>();
        List<Map.Entry<String, T>> prefixRules = new ArrayList<>();
        List<Map.Entry<String, T>> extensionRules = new ArrayList<>();
        T defaultValue = fallback;
        for (Map.Entry<String, T> rule : rules.entrySet()) {
            String pattern = rule.getKey();
            if (pattern.equals("/")) {
                defaultValue = rule.getValue();
            } else if (pattern.startsWith("*.")) {
                extensionRules.add(Map.entry(pattern.substring(1), rule.getValue()));
            } else if (pattern.endsWith("/*")) {
                prefixRules.add(Map.entry(pattern.substring(0, pattern.length() - 2), rule.getValue()));
            } else {
                exactRules.add(Map.entry(pattern.isEmpty() ? "/" : pattern, rule.getValue()));
            }
        }
        prefixRules.sort(Comparator.comparingInt((Map.Entry<String, T> e) -> e.getKey().length()).reversed());
        this.exact = exactRules.stream().map(Map.Entry::getKey).toArray(String[]::new);
        this.exactValues = exactRules.stream().map(Map.Entry::getValue).toList();
        this.prefixes = prefixRules.stream().map(Map.Entry::getKey).toArray(String[]::new);
        this.prefixValues = prefixRules.stream().map(Map.Entry::getValue).toList();
        this.suffixes = extensionRules.stream().map(Map.Entry::getKey).toArray(String[]::new);
        this.suffixValues = extensionRules.stream().map(Map.Entry::getValue).toList();
        this.fallback = defaultValue;
        this.all = Map.copyOf(rules);
    }

    /** A new builder. */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** The value for {@code path} (decoded, within the application; {@code ""} is the root). */
    public T match(String path) {
        String p = path.isEmpty() ? "/" : path;
        for (int i = 0; i < exact.length; i++) {
            if (exact[i].equals(p)) {
                return exactValues.get(i);
            }
        }
        int length = p.length();
        for (int i = 0; i < prefixes.length; i++) {
            String prefix = prefixes[i];
            if (p.startsWith(prefix) && (length == prefix.length() || p.charAt(prefix.length()) == '/')) {
                return prefixValues.get(i);
            }
        }
        for (int i = 0; i < suffixes.length; i++) {
            String suffix = suffixes[i];
            if (length > suffix.length() && p.endsWith(suffix)) {
                return suffixValues.get(i);
            }
        }
        return fallback;
    }

    /** The value for paths no pattern matches (the {@code /} pattern's, or the builder's fallback). */
    public T fallback() {
        return fallback;
    }

    /** Every value given, by pattern. */
    public Collection<T> values() {
        return all.values();
    }

    /**
     * Checks a URL pattern: {@code /exact/path}, {@code /prefix/*}, {@code *.ext}, {@code /}
     * (everything not otherwise matched) or {@code ""} (the application root).
     *
     * @throws IllegalArgumentException for anything else, e.g. {@code /api*}, {@code api/*},
     *     {@code *.tar.gz} or {@code /a/*}{@code /b}
     */
    public static String checkPattern(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        boolean valid;
        if (pattern.isEmpty() || pattern.equals("/")) {
            valid = true;
        } else if (pattern.startsWith("*.")) {
            String ext = pattern.substring(2);
            valid = !ext.isEmpty() && ext.indexOf('/') < 0 && ext.indexOf('.') < 0 && ext.indexOf('*') < 0;
        } else if (pattern.startsWith("/")) {
            int star = pattern.indexOf('*');
            valid = star < 0 || (star == pattern.length() - 1 && pattern.endsWith("/*"));
        } else {
            valid = false;
        }
        for (int i = 0; valid && i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            valid = c > 0x20 && c != 0x7f;
        }
        if (!valid) {
            throw new IllegalArgumentException("not a servlet URL pattern (/exact, /prefix/*, *.ext, / or \"\"): " + pattern);
        }
        return pattern;
    }

    /** Collects patterns; a pattern may be given once. Not thread-safe. */
    public static final class Builder<T> {
        private final Map<String, T> rules = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a pattern.
         *
         * @throws IllegalArgumentException for an invalid pattern, or one already given
         */
        public Builder<T> add(String pattern, T value) {
            checkPattern(pattern);
            Objects.requireNonNull(value, "value");
            if (rules.containsKey(pattern)) {
                throw new IllegalArgumentException("the pattern " + pattern + " already has a rule; two rules for one pattern "
                        + "are equally specific");
            }
            rules.put(pattern, value);
            return this;
        }

        /** The patterns, ready to match; {@code fallback} for paths no pattern matches. */
        public UrlPatterns<T> build(T fallback) {
            return new UrlPatterns<>(rules, Objects.requireNonNull(fallback, "fallback"));
        }
    }
}
