package dev.audguard.exchange.internal;

import dev.audguard.core.Fingerprints;

import java.time.Instant;
import java.util.List;

/**
 * Everything one RFC 8693 request sends besides client authentication, normalised (lists sorted
 * and without duplicates) so that two requests that send the same thing are equal. Not API.
 *
 * <p>{@link #toString()} never shows a token. Immutable and thread-safe.
 *
 * @param subjectToken       the raw {@code subject_token}; a secret
 * @param subjectDigest      the subject token's whole SHA-256 in hex, computed once by the caller
 * @param subjectTokenType   {@code subject_token_type}
 * @param subjectExpiresAt   the subject token's expiry when known, else null
 * @param audiences          {@code audience} values, sorted
 * @param resources          {@code resource} values, sorted
 * @param scopes             scope tokens, sorted (sent space-delimited)
 * @param requestedTokenType {@code requested_token_type}, or null to leave it to the issuer
 * @param actorToken         the raw {@code actor_token}, or null; a secret
 * @param actorTokenType     {@code actor_token_type}, null exactly when {@code actorToken} is
 */
public record ExchangeParameters(String subjectToken, String subjectDigest, String subjectTokenType, Instant subjectExpiresAt,
                                 List<String> audiences, List<String> resources, List<String> scopes,
                                 String requestedTokenType, String actorToken, String actorTokenType) {

    public ExchangeParameters {
        audiences = List.copyOf(audiences);
        resources = List.copyOf(resources);
        scopes = List.copyOf(scopes);
        if ((actorToken == null) != (actorTokenType == null)) {
            throw new IllegalArgumentException("actor_token and actor_token_type go together");
        }
    }

    /** The scope parameter value, or null when no scope is requested. */
    public String scopeParameter() {
        return scopes.isEmpty() ? null : String.join(" ", scopes);
    }

    public String subjectFingerprint() {
        return subjectDigest.substring(0, 8);
    }

    @Override
    public String toString() {
        return "ExchangeParameters{subject=" + subjectFingerprint() + ", audiences=" + audiences + ", resources=" + resources
                + ", scopes=" + scopes + ", requestedTokenType=" + requestedTokenType
                + (actorToken == null ? "" : ", actor=" + Fingerprints.of(actorToken)) + '}';
    }
}
