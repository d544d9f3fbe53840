package dev.audguard.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;

/**
 * The audiences a token must carry, and whether any or all of them.
 *
 * <p>Used to override the validator's configured audience rule for one request, for example when an
 * adapter protects one path for a different audience: {@code AudienceRule.anyOf("reports-api")}.
 * Comparison is exact and case-sensitive, except in resource-URI mode
 * ({@link #anyOfResourceUris(String...)}): there an audience that is a resource URI is compared in its
 * canonical form ({@link ResourceUri}: scheme and host in lowercase, default port and trailing slash
 * dropped) on both sides, as the MCP authorization specification and RFC 8707 ask; other values (a
 * client id such as {@code mcp-server}) are still compared exactly.
 *
 * <p>Immutable and thread-safe.
 *
 * @param audiences the expected audiences, never empty (in resource-URI mode, canonical)
 * @param match whether one or all must be present
 * @param resourceUris whether resource URIs are compared in their canonical form
 */
public record AudienceRule(Set<String> audiences, AudienceMatch match, boolean resourceUris) {

    /** An exact-comparison rule. */
    public AudienceRule(Set<String> audiences, AudienceMatch match) {
        this(audiences, match, false);
    }

    /** Copies {@code audiences} (canonical in resource-URI mode); fails when it is empty or holds a blank value. */
    public AudienceRule {
        Objects.requireNonNull(match, "match");
        audiences = Set.copyOf(Objects.requireNonNull(audiences, "audiences"));
        if (resourceUris) {
            audiences = audiences.stream().map(AudienceRule::canonical).collect(java.util.stream.Collectors.toUnmodifiableSet());
        }
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("an audience rule needs at least one audience");
        }
        for (String audience : audiences) {
            if (audience.isBlank()) {
                throw new IllegalArgumentException("an audience must not be blank");
            }
        }
    }

    /** The token must name at least one of {@code audiences}. */
    public static AudienceRule anyOf(String... audiences) {
        return new AudienceRule(Set.copyOf(Arrays.asList(audiences)), AudienceMatch.ANY_OF);
    }

    /** The token must name at least one of {@code audiences}. */
    public static AudienceRule anyOf(Collection<String> audiences) {
        return new AudienceRule(Set.copyOf(audiences), AudienceMatch.ANY_OF);
    }

    /** The token must name every one of {@code audiences}. */
    public static AudienceRule allOf(String... audiences) {
        return new AudienceRule(Set.copyOf(Arrays.asList(audiences)), AudienceMatch.ALL_OF);
    }

    /** The token must name every one of {@code audiences}. */
    public static AudienceRule allOf(Collection<String> audiences) {
        return new AudienceRule(Set.copyOf(audiences), AudienceMatch.ALL_OF);
    }

    /**
     * The token must name at least one of {@code audiences}, resource URIs compared in their
     * canonical form: {@code anyOfResourceUris("https://mcp.example.com/mcp", "mcp-server")} accepts
     * a token for {@code HTTPS://MCP.example.com:443/mcp/} or for {@code mcp-server}.
     */
    public static AudienceRule anyOfResourceUris(String... audiences) {
        return new AudienceRule(Set.copyOf(Arrays.asList(audiences)), AudienceMatch.ANY_OF, true);
    }

    /** A resource URI in its canonical form; any other value as it is. */
    private static String canonical(String audience) {
        return ResourceUri.parse(audience).map(ResourceUri::toString).orElse(audience);
    }

    /** Whether a token whose {@code aud} is {@code tokenAudiences} satisfies this rule. */
    public boolean isSatisfiedBy(Collection<String> tokenAudiences) {
        if (resourceUris) {
            return isSatisfiedByCanonical(tokenAudiences);
        }
        if (match == AudienceMatch.ALL_OF) {
            return tokenAudiences.containsAll(audiences);
        }
        if (tokenAudiences instanceof List<String> list && list instanceof RandomAccess) {
            // every cache hit comes here: an index loop allocates no iterator (32 B per hit otherwise,
            // which escape analysis did not remove through the unmodifiable wrapper)
            for (int i = 0, n = list.size(); i < n; i++) {
                if (audiences.contains(list.get(i))) {
                    return true;
                }
            }
            return false;
        }
        for (String audience : tokenAudiences) {
            if (audiences.contains(audience)) {
                return true;
            }
        }
        return false;
    }

    private boolean isSatisfiedByCanonical(Collection<String> tokenAudiences) {
        if (match == AudienceMatch.ALL_OF) {
            Set<String> canonical = new java.util.HashSet<>();
            for (String audience : tokenAudiences) {
                canonical.add(canonical(audience));
            }
            return canonical.containsAll(audiences);
        }
        // any-of, the usual rule: no set per request
        for (String audience : tokenAudiences) {
            if (audiences.contains(canonical(audience))) {
                return true;
            }
        }
        return false;
    }
}
