package dev.audguard.spring.server;

import dev.audguard.core.Requirements;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Per-path {@link Requirements} for {@link AudguardJwtDecoder}: Spring path patterns
 * ({@code /reports/**}, {@code /orders/{id}}) matched against the path within the application;
 * the most specific matching rule wins (Spring's {@link PathPattern#SPECIFICITY_COMPARATOR}, the
 * order Spring MVC picks handlers in), whatever the order the rules were given in. Two rules that
 * are equally specific and can match the same path are refused when built: neither could win.
 * Paths no rule matches get the validator's own policy.
 *
 * <pre>{@code
 * PathRules rules = PathRules.builder()
 *     .require("/reports/**", Requirements.audience(AudienceRule.anyOf("reports-api")))
 *     .build();
 * }</pre>
 *
 * <p>As a {@code Supplier<Requirements>} it answers for the request bound to the current thread
 * by Spring's {@code RequestContextHolder} (bound by Spring MVC's {@code RequestContextFilter}
 * before Spring Security runs; audguard registers one when the application has none). Outside
 * any request it answers {@link Requirements#none()}: there is no path to protect.
 *
 * <p>Immutable and thread-safe.
 */
public final class PathRules implements Supplier<Requirements> {
    private static final PathRules NONE = new PathRules(Map.of());

    private final List<RequestMatcher> matchers;
    private final List<Requirements> requirements;
    private final Map<String, Requirements> byPattern;

    private PathRules(Map<String, Requirements> rules) {
        List<String> sorted = new ArrayList<>(rules.keySet());
        sorted.sort((a, b) -> PathPattern.SPECIFICITY_COMPARATOR.compare(parse(a), parse(b)));
        Map<String, Requirements> bySpecificity = new LinkedHashMap<>();
        sorted.forEach(pattern -> bySpecificity.put(pattern, rules.get(pattern)));
        this.byPattern = Collections.unmodifiableMap(bySpecificity);
        this.matchers = new ArrayList<>(rules.size());
        this.requirements = new ArrayList<>(rules.size());
        bySpecificity.forEach((pattern, required) -> {
            matchers.add(PathPatternRequestMatcher.withDefaults().matcher(pattern));
            requirements.add(required);
        });
    }

    /** No rules: every path gets the validator's policy. */
    public static PathRules none() {
        return NONE;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The requirements of {@code request}: the most specific matching rule's, or {@link Requirements#none()}. */
    public Requirements requirementsFor(HttpServletRequest request) {
        for (int i = 0; i < matchers.size(); i++) {
            if (matchers.get(i).matches(request)) {
                return requirements.get(i);
            }
        }
        return Requirements.none();
    }

    /** The requirements of the request bound to this thread, {@link Requirements#none()} outside a request. */
    @Override
    public Requirements get() {
        if (matchers.isEmpty()) {
            return Requirements.none();
        }
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            return requirementsFor(servlet.getRequest());
        }
        return Requirements.none();
    }

    /** Whether there are no rules. */
    public boolean isEmpty() {
        return matchers.isEmpty();
    }

    /** The rules by pattern, most specific first (the order they are tried in). */
    public Map<String, Requirements> rules() {
        return byPattern;
    }

    /** Every scope a rule requires, sorted: RFC 9728 {@code scopes_supported}. */
    public Set<String> scopes() {
        Set<String> scopes = new TreeSet<>();
        requirements.forEach(r -> scopes.addAll(r.scopes()));
        return Collections.unmodifiableSet(scopes);
    }

    @Override
    public String toString() {
        return "PathRules" + byPattern;
    }

    /** Collects rules; a pattern may appear once. Not thread-safe; {@link #build()} can run again. */
    public static final class Builder {
        private final Map<String, Requirements> rules = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Requires {@code requirements} on paths matching {@code pattern}.
         *
         * @throws IllegalArgumentException for a pattern Spring cannot parse, or one that already has a rule
         */
        public Builder require(String pattern, Requirements requirements) {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(requirements, "requirements");
            if (rules.containsKey(pattern)) {
                throw new IllegalArgumentException("the pattern " + pattern + " already has a rule");
            }
            PathPatternRequestMatcher.withDefaults().matcher(pattern);
            rules.put(pattern, requirements);
            return this;
        }

        /**
         * The rules, tried most specific first.
         *
         * @throws IllegalArgumentException when two patterns are equally specific and can match the same path
         */
        public PathRules build() {
            Optional<List<String>> tie = ambiguous(List.copyOf(rules.keySet()));
            if (tie.isPresent()) {
                throw new IllegalArgumentException("the patterns " + tie.get().get(0) + " and " + tie.get().get(1)
                        + " are equally specific and can match the same path, so neither can win");
            }
            return rules.isEmpty() ? NONE : new PathRules(rules);
        }
    }

    private static PathPattern parse(String pattern) {
        return PathPatternParser.defaultInstance.parse(pattern);
    }

    /**
     * Two of {@code patterns} that Spring ranks equally specific and that may match one path, if
     * any. "May": when a segment of both is a wildcard or variable the answer is yes, so an
     * ambiguity is never missed; it is no only when a literal segment differs, a literal is not
     * matched by the other's wildcard, or the segment counts differ without a {@code **}. Public so
     * that the reactive rules ({@code ReactivePathRules}) refuse the same ties.
     */
    public static Optional<List<String>> ambiguous(List<String> patterns) {
        for (int i = 0; i < patterns.size(); i++) {
            for (int j = i + 1; j < patterns.size(); j++) {
                String a = patterns.get(i);
                String b = patterns.get(j);
                if (PathPattern.SPECIFICITY_COMPARATOR.compare(parse(a), parse(b)) == 0 && mayOverlap(a, b)) {
                    return Optional.of(List.of(a, b));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean mayOverlap(String a, String b) {
        String[] x = segments(a);
        String[] y = segments(b);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            boolean restX = i < x.length && multiSegment(x[i]);
            boolean restY = i < y.length && multiSegment(y[i]);
            if (restX || restY) {
                return true;
            }
            if (i >= x.length || i >= y.length) {
                return false;
            }
            if (!segmentsMayMeet(x[i], y[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean segmentsMayMeet(String x, String y) {
        boolean literalX = literal(x);
        boolean literalY = literal(y);
        if (literalX && literalY) {
            return x.equals(y);
        }
        if (literalX) {
            return parse("/" + y).matches(PathContainer.parsePath("/" + x));
        }
        if (literalY) {
            return parse("/" + x).matches(PathContainer.parsePath("/" + y));
        }
        return true;
    }

    private static String[] segments(String pattern) {
        String trimmed = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private static boolean multiSegment(String segment) {
        return segment.equals("**") || segment.startsWith("{*");
    }

    private static boolean literal(String segment) {
        return segment.indexOf('*') < 0 && segment.indexOf('{') < 0 && segment.indexOf('?') < 0;
    }
}
