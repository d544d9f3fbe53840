package dev.audguard.core;

import dev.audguard.core.internal.VerificationKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claim checks of a verified signature, in their fixed order: {@code exp} / {@code nbf} /
 * {@code iat} with clock skew, Keycloak's {@code typ} claim, {@code sub}, {@code aud} (or the
 * per-request audience), scopes, {@code azp}, then the issuer's claim rules. Also the part of them
 * a verified-token cache hit repeats (time and requirements). Not API.
 *
 * <p>Thread-safe (stateless).
 */
final class ClaimChecks {
    private ClaimChecks() {
    }

    /**
     * Checks {@code claims} at {@code now} (epoch milliseconds) and builds the verdict.
     *
     * @throws TokenValidationException with the first failing check's reason
     */
    static VerifiedToken check(String token, TokenHeader header, VerificationKey key, IssuerPolicy policy,
                               Map<String, Object> claims, Requirements requirements, long now) {
        long exp = epochMillis(claims, "exp");
        long nbf = epochMillis(claims, "nbf");
        long iat = epochMillis(claims, "iat");
        if (exp == Long.MIN_VALUE && policy.expiryRequired()) {
            throw new TokenValidationException(Reason.MISSING_CLAIM);
        }
        checkTime(policy, now, exp == Long.MIN_VALUE ? Long.MAX_VALUE : exp, nbf, iat);

        Object keycloakType = claims.get("typ");
        if (keycloakType != null) {
            // Keycloak marks its tokens: "Bearer" for access tokens, "ID", "Refresh", "Offline", "Logout" otherwise
            if (!(keycloakType instanceof String type)) {
                throw new TokenValidationException(Reason.INVALID_CLAIM);
            }
            if (!type.equalsIgnoreCase("Bearer") && !isDpopBound(type, claims, requirements)) {
                throw new TokenValidationException(Reason.WRONG_TOKEN_TYPE);
            }
        }
        String subject = optionalString(claims, "sub");
        if (subject == null && policy.subjectRequired()) {
            throw new TokenValidationException(Reason.MISSING_CLAIM);
        }
        List<String> audiences = audiences(claims.get("aud"));
        String authorizedParty = optionalString(claims, "azp");
        Set<String> scopes = scopes(claims);
        checkRequirements(policy, requirements, audiences, scopes);
        if (policy.authorizedParties() != null) {
            if (authorizedParty == null) {
                throw new TokenValidationException(Reason.MISSING_CLAIM);
            }
            if (!policy.authorizedParties().contains(authorizedParty)) {
                throw new TokenValidationException(Reason.INVALID_CLAIM);
            }
        }
        for (ClaimRule rule : policy.claimRules()) {
            Object value = claims.get(rule.name());
            if (value == null) {
                throw new TokenValidationException(Reason.MISSING_CLAIM);
            }
            if (!rule.isSatisfiedBy(value)) {
                throw new TokenValidationException(Reason.INVALID_CLAIM);
            }
        }
        optionalString(claims, "jti");
        return new VerifiedToken(token, header, key.thumbprint(), policy.issuer(), subject, audiences,
                authorizedParty, scopes, instant(exp), instant(nbf), instant(iat), claims);
    }

    static void checkTime(IssuerPolicy policy, long now, long exp, long nbf, long iat) {
        long skew = policy.skewMillis();
        if (now >= saturatedAdd(exp, skew)) {
            throw new TokenValidationException(Reason.EXPIRED);
        }
        if (nbf != Long.MIN_VALUE && now < nbf - skew) {
            throw new TokenValidationException(Reason.NOT_YET_VALID);
        }
        if (iat != Long.MIN_VALUE && iat > saturatedAdd(now, skew)) {
            throw new TokenValidationException(Reason.ISSUED_IN_FUTURE);
        }
    }

    static void checkRequirements(IssuerPolicy policy, Requirements requirements, List<String> audiences,
                                          Set<String> scopes) {
        // Requirements.none() is the common case (and every cache hit through validate(token)): no Optional, no copy
        AudienceRule rule = requirements == Requirements.none() ? policy.audience()
                : requirements.audience().orElse(policy.audience());
        if (rule != null && !rule.isSatisfiedBy(audiences)) {
            throw new TokenValidationException(Reason.AUDIENCE_MISMATCH);
        }
        Set<String> required = policy.requiredScopes();
        if (!requirements.scopes().isEmpty()) {
            required = new LinkedHashSet<>(required);
            required.addAll(requirements.scopes());
        }
        if (!required.isEmpty() && !scopes.containsAll(required)) {
            throw TokenValidationException.insufficientScope(required);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    /** A NumericDate claim in epoch milliseconds, {@link Long#MIN_VALUE} when absent. */
    private static long epochMillis(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value == null) {
            return Long.MIN_VALUE;
        }
        if (value instanceof Long seconds) {
            return seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE
                    : seconds < Long.MIN_VALUE / 1000 + 1 ? Long.MIN_VALUE + 1 : seconds * 1000;
        }
        if (value instanceof Double seconds && Double.isFinite(seconds)) {
            double millis = seconds * 1000;
            return millis >= Long.MAX_VALUE ? Long.MAX_VALUE : millis <= Long.MIN_VALUE + 1 ? Long.MIN_VALUE + 1 : (long) millis;
        }
        throw new TokenValidationException(Reason.INVALID_CLAIM);
    }

    private static Instant instant(long millis) {
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
    }

    private static String optionalString(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value != null && !(value instanceof String)) {
            throw new TokenValidationException(Reason.INVALID_CLAIM);
        }
        return (String) value;
    }

    private static List<String> audiences(Object aud) {
        if (aud == null) {
            return List.of();
        }
        if (aud instanceof String single) {
            return List.of(single);
        }
        if (aud instanceof List<?> list) {
            List<String> result = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw new TokenValidationException(Reason.INVALID_CLAIM);
                }
                result.add(s);
            }
            return Collections.unmodifiableList(result);
        }
        throw new TokenValidationException(Reason.INVALID_CLAIM);
    }

    private static Set<String> scopes(Map<String, Object> claims) {
        Object scope = claims.get("scope");
        Object scp = claims.get("scp");
        if (scope == null && scp == null) {
            return Set.of();
        }
        Set<String> result = new LinkedHashSet<>();
        addScopes(result, scope);
        addScopes(result, scp);
        return Collections.unmodifiableSet(result);
    }

    private static void addScopes(Set<String> into, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof String delimited) {
            // space-delimited (RFC 8693 section 4.2); an index walk, not split(), which builds a list and an array
            int start = 0;
            while (start <= delimited.length()) {
                int end = delimited.indexOf(' ', start);
                if (end < 0) {
                    end = delimited.length();
                }
                if (end > start) {
                    into.add(delimited.substring(start, end));
                }
                start = end + 1;
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw new TokenValidationException(Reason.INVALID_CLAIM);
                }
                into.add(s);
            }
        } else {
            throw new TokenValidationException(Reason.INVALID_CLAIM);
        }
    }

    /**
     * Keycloak marks a DPoP-bound access token {@code typ: "DPoP"} (with {@code cnf.jkt}). Such a token
     * is an access token only for a request that presented it with a proof the front door's
     * sender-binding step checks ({@link Requirements#senderConstrained()}); as a plain bearer token
     * it stays {@code wrong_token_type}.
     */
    static boolean isDpopBound(String type, Map<String, Object> claims, Requirements requirements) {
        return type.equalsIgnoreCase("DPoP") && requirements.senderConstrained()
                && claims.get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String;
    }
}
