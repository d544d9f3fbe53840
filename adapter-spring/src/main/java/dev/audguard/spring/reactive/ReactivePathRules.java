package dev.audguard.spring.reactive;

import dev.audguard.core.AccessRule;
import dev.audguard.core.Requirements;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-path {@link AccessRule}s of a reactive application, with the servlet side's semantics:
 * Spring path patterns matched against the path within the application, the most specific
 * matching rule wins ({@link PathPattern#SPECIFICITY_COMPARATOR}), paths no rule matches are
 * {@linkplain AccessRule#authenticated() authenticated} under the validator's own policy.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReactivePathRules {
    private final List<PathPattern> patterns;
    private final List<AccessRule> rules;
    private final Set<String> scopes;

    private ReactivePathRules(Map<String, Requirements> configured) {
        List<PathPattern> parsed = new ArrayList<>();
        Map<PathPattern, Requirements> byPattern = new LinkedHashMap<>();
        configured.forEach((pattern, required) -> {
            PathPattern p = PathPatternParser.defaultInstance.parse(Objects.requireNonNull(pattern, "pattern"));
            parsed.add(p);
            byPattern.put(p, Objects.requireNonNull(required, "requirements"));
        });
        parsed.sort(PathPattern.SPECIFICITY_COMPARATOR);
        this.patterns = List.copyOf(parsed);
        List<AccessRule> accessRules = new ArrayList<>();
        Set<String> allScopes = new TreeSet<>();
        for (PathPattern p : parsed) {
            Requirements r = byPattern.get(p);
            accessRules.add(AccessRule.of(r));
            allScopes.addAll(r.scopes());
        }
        this.rules = List.copyOf(accessRules);
        this.scopes = Collections.unmodifiableSet(allScopes);
    }

    /**
     * Rules from {@code configured} (pattern to requirements).
     *
     * @throws IllegalArgumentException for a pattern Spring cannot parse
     */
    public static ReactivePathRules of(Map<String, Requirements> configured) {
        return new ReactivePathRules(Map.copyOf(configured));
    }

    /** The rule of {@code pathWithinApplication}: the most specific match, else {@link AccessRule#authenticated()}. */
    public AccessRule ruleFor(PathContainer pathWithinApplication) {
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matches(pathWithinApplication)) {
                return rules.get(i);
            }
        }
        return AccessRule.authenticated();
    }

    /** Every scope a rule requires, sorted: RFC 9728 {@code scopes_supported}. */
    public Set<String> scopes() {
        return scopes;
    }

    /** Whether there are no rules. */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    @Override
    public String toString() {
        return "ReactivePathRules" + patterns;
    }
}
