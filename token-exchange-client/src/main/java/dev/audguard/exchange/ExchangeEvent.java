package dev.audguard.exchange;

import java.util.List;

/**
 * What an exchange was for, as told to an {@link ExchangeListener}: never a token, only the subject
 * token's fingerprint (the first 8 hex characters of its SHA-256) to tell subjects apart.
 *
 * <p>Immutable and thread-safe.
 *
 * @param clientId           the exchanging client
 * @param audiences          the requested audiences, sorted
 * @param resources          the requested resources, sorted
 * @param scopes             the requested scopes, sorted
 * @param requestedTokenType the requested token type, or null when none was named
 * @param subjectFingerprint the subject token's fingerprint
 */
public record ExchangeEvent(String clientId, List<String> audiences, List<String> resources, List<String> scopes,
                            String requestedTokenType, String subjectFingerprint) {

    /** Copies the lists. */
    public ExchangeEvent {
        audiences = List.copyOf(audiences);
        resources = List.copyOf(resources);
        scopes = List.copyOf(scopes);
    }
}
