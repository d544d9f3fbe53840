package dev.audguard.servlet.internal;

import dev.audguard.core.Requirements;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Per-path rules matched the way a Servlet container maps URL patterns (Servlet 6.0 section
 * 12.1-12.2): an exact pattern wins, then the longest {@code /prefix/*}, then {@code *.ext} on the
 * last segment, then the default {@code /}. Without a default rule, unmatched paths are protected
 * by the validator's own policy. Not API.
 *
 * <p>Everything is parsed and sorted once; {@link #match} compares characters of the servlet path
 * and path info in place, without building the joined path, a regex or any object.
 *
 * <p>Immutable and thread-safe.
 */
public final class PathRules {

    /**
     * One rule.
     *
     * @param pattern the URL pattern as given
     * @param requirements what the token must satisfy there, or {@code null} for an unprotected path
     */
    public record Rule(String pattern, Requirements requirements) {
        /** Checks the pattern. */
        public Rule {
            Objects.requireNonNull(pattern, "pattern");
        }

        /** Whether the filter lets requests through without looking at them. */
        public boolean unprotected() {
            return requirements == null;
        }
    }

    private static final Rule PROTECTED_BY_DEFAULT = new Rule("/", Requirements.none());

    private final Rule[] exact;
    private final Rule[] prefixes; // longest first
    private final String[] prefixPaths; // pattern without "/*", aligned with prefixes
    private final Rule[] extensions;
    private final String[] extensionSuffixes; // ".ext", aligned with extensions
    private final Rule fallback;
    private final Set<String> scopes;

    private PathRules(Map<String, Rule> rules) {
        List<Rule> exactRules = new ArrayList<>();
        List<Rule> prefixRules = new ArrayList<>();
        List<Rule> extensionRules = new ArrayList<>();
        Rule fallbackRule = PROTECTED_BY_DEFAULT;
        SortedSet<String> allScopes = new TreeSet<>();
        for (Rule rule : rules.values()) {
            switch (kind(rule.pattern())) {
                case EXACT -> exactRules.add(rule);
                case PREFIX -> prefixRules.add(rule);
                case EXTENSION -> extensionRules.add(rule);
                case DEFAULT -> fallbackRule = rule;
            }
            if (rule.requirements() != null) {
                allScopes.addAll(rule.requirements().scopes());
            }
        }
        prefixRules.sort(Comparator.comparingInt((Rule r) -> r.pattern().length()).reversed());
        this.exact = exactRules.toArray(Rule[]::new);
        this.prefixes = prefixRules.toArray(Rule[]::new);
        this.prefixPaths = prefixRules.stream().map(r -> r.pattern().substring(0, r.pattern().length() - 2)).toArray(String[]::new);
        this.extensions = extensionRules.toArray(Rule[]::new);
        this.extensionSuffixes = extensionRules.stream().map(r -> r.pattern().substring(1)).toArray(String[]::new);
        this.fallback = fallbackRule;
        this.scopes = Collections.unmodifiableSortedSet(allScopes);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The rule for a request whose path within the application is {@code servletPath} followed by
     * {@code pathInfo} (the container's decoded, normalized values).
     */
    public Rule match(String servletPath, String pathInfo) {
        String a = servletPath == null ? "" : servletPath;
        String b = pathInfo == null ? "" : pathInfo;
        int length = a.length() + b.length();
        for (Rule rule : exact) {
            String p = exactPath(rule.pattern());
            if (p.length() == length && startsWith(a, b, p)) {
                return rule;
            }
        }
        for (int i = 0; i < prefixes.length; i++) {
            String p = prefixPaths[i];
            if (length >= p.length() && startsWith(a, b, p) && (length == p.length() || charAt(a, b, p.length()) == '/')) {
                return prefixes[i];
            }
        }
        for (int i = 0; i < extensions.length; i++) {
            String suffix = extensionSuffixes[i];
            if (length > suffix.length() && endsWith(a, b, length, suffix)) {
                return extensions[i];
            }
        }
        return fallback;
    }

    /** Every scope some rule requires, sorted: what RFC 9728 metadata lists as {@code scopes_supported}. */
    public Set<String> requiredScopes() {
        return scopes;
    }

    /** The pattern {@code ""} maps the application root, which is the path {@code /}. */
    private static String exactPath(String pattern) {
        return pattern.isEmpty() ? "/" : pattern;
    }

    private static char charAt(String a, String b, int i) {
        return i < a.length() ? a.charAt(i) : b.charAt(i - a.length());
    }

    private static boolean startsWith(String a, String b, String p) {
        int n = p.length();
        int inA = Math.min(n, a.length());
        return a.regionMatches(0, p, 0, inA) && (inA == n || b.regionMatches(0, p, inA, n - inA));
    }

    private static boolean endsWith(String a, String b, int length, String suffix) {
        int start = length - suffix.length();
        for (int i = 0; i < suffix.length(); i++) {
            if (charAt(a, b, start + i) != suffix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private enum Kind { EXACT, PREFIX, EXTENSION, DEFAULT }

    private static Kind kind(String pattern) {
        if (pattern.equals("/")) {
            return Kind.DEFAULT;
        }
        if (pattern.startsWith("*.")) {
            return Kind.EXTENSION;
        }
        if (pattern.endsWith("/*")) {
            return Kind.PREFIX;
        }
        return Kind.EXACT;
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

    /** Collects rules; a pattern may appear once. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Rule> rules = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a rule; {@code requirements} {@code null} leaves the path unprotected.
         *
         * @throws IllegalArgumentException for an invalid pattern, or one already given
         */
        public Builder add(String pattern, Requirements requirements) {
            checkPattern(pattern);
            if (rules.containsKey(pattern)) {
                throw new IllegalArgumentException("the pattern " + pattern + " already has a rule");
            }
            rules.put(pattern, new Rule(pattern, requirements));
            return this;
        }

        /** The rules, ready to match. */
        public PathRules build() {
            return new PathRules(rules);
        }
    }
}
