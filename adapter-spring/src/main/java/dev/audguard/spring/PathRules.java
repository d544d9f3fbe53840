package dev.audguard.spring;

import dev.audguard.core.Requirements;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Per-path {@link Requirements} for {@link AudguardJwtDecoder}: Spring path patterns
 * ({@code /reports/**}, {@code /orders/{id}}) matched against the path within the application,
 * first match wins; paths no rule matches get the validator's own policy.
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
        this.byPattern = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        this.matchers = new ArrayList<>(rules.size());
        this.requirements = new ArrayList<>(rules.size());
        rules.forEach((pattern, required) -> {
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

    /** The requirements of {@code request}: the first matching rule's, or {@link Requirements#none()}. */
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

    /** The rules by pattern, in matching order. */
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

        /** The rules, in the order added. */
        public PathRules build() {
            return rules.isEmpty() ? NONE : new PathRules(rules);
        }
    }
}
