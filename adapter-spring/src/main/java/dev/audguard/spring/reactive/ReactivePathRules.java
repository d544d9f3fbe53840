package dev.audguard.spring.reactive;

import dev.audguard.core.AccessRule;
import dev.audguard.core.Requirements;
import dev.audguard.spring.server.PathRules;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-path {@link AccessRule}s of a reactive application, with the servlet side's semantics:
 * Spring path patterns matched against the path within the application, the most specific
 * matching rule wins ({@link PathPattern#SPECIFICITY_COMPARATOR}), two rules that tie are refused,
 * paths no rule matches are {@linkplain AccessRule#authenticated() authenticated} under the
 * validator's own policy. Patterns match the path as WebFlux's handler mappings do (decoded
 * segments, {@code ;} matrix parameters left out, case-sensitive, no {@code ..} resolution), so a
 * rule and the handler it protects see one path.
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
     * @throws IllegalArgumentException for a pattern Spring cannot parse, or two patterns that are
     *     equally specific and can match the same path (neither could win), as the servlet side's
     *     {@link PathRules} refuses
     */
    public static ReactivePathRules of(Map<String, Requirements> configured) {
        Optional<List<String>> tie = PathRules.ambiguous(List.copyOf(configured.keySet()));
        if (tie.isPresent()) {
            throw new IllegalArgumentException("the patterns " + tie.get().get(0) + " and " + tie.get().get(1)
                    + " are equally specific and can match the same path, so neither can win");
        }
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
