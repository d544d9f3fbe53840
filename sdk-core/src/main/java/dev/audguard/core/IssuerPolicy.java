package dev.audguard.core;

import com.nimbusds.jose.JWSAlgorithm;
import dev.audguard.core.internal.KeySource;

import java.util.List;
import java.util.Set;

/**
 * Everything a validator checks for tokens of one trusted issuer, resolved from the builders.
 *
 * <p>Immutable and thread-safe.
 *
 * @param issuer the exact {@code iss}
 * @param audience the configured audience rule, or {@code null} when the check was explicitly disabled
 * @param algorithms accepted JWS algorithms, all asymmetric
 * @param skewMillis allowed clock skew
 * @param expiryRequired whether {@code exp} must be present
 * @param subjectRequired whether {@code sub} must be present
 * @param accessTokenTypeRequired RFC 9068 strict {@code typ}
 * @param requiredScopes scopes every token must grant
 * @param claimRules the claims every token must carry
 * @param authorizedParties accepted {@code azp} values, or {@code null} for any
 * @param keys where the keys come from
 */
record IssuerPolicy(String issuer, AudienceRule audience, Set<JWSAlgorithm> algorithms, long skewMillis,
                    boolean expiryRequired, boolean subjectRequired, boolean accessTokenTypeRequired,
                    Set<String> requiredScopes, List<ClaimRule> claimRules, Set<String> authorizedParties,
                    KeySource keys) {
}
