package dev.audguard.exchange.internal;

import dev.audguard.core.Fingerprints;

import java.util.List;

/**
 * What an exchanged token is cached under: every parameter that changes the issuer's answer. The
 * subject and actor tokens are held as full SHA-256 digests, so the cache keeps no inbound token.
 * Leaving a parameter out would hand one caller's token to another (Duende's CVE-2025-26620). Not API.
 *
 * <p>Immutable and thread-safe.
 */
record CacheKey(String client, String subjectDigest, String subjectTokenType, List<String> audiences, List<String> resources,
                List<String> scopes, String requestedTokenType, String actorDigest, String actorTokenType) {

    static CacheKey of(String client, ExchangeParameters p) {
        return new CacheKey(client, p.subjectDigest(), p.subjectTokenType(), p.audiences(), p.resources(), p.scopes(),
                p.requestedTokenType(), p.actorToken() == null ? null : Fingerprints.sha256Hex(p.actorToken()), p.actorTokenType());
    }

    @Override
    public String toString() {
        return "CacheKey{client=" + client + ", subject=" + subjectDigest.substring(0, 8) + ", audiences=" + audiences
                + ", resources=" + resources + ", scopes=" + scopes + ", requestedTokenType=" + requestedTokenType + '}';
    }
}
