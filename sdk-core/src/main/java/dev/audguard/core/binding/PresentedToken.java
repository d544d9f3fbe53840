package dev.audguard.core.binding;

import dev.audguard.core.BearerTokens;
import dev.audguard.core.Fingerprints;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.internal.pipeline.Credential;
import dev.audguard.core.internal.pipeline.Credentials;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The access token of a request and the scheme it came with: {@code Authorization: Bearer <token>}
 * (RFC 6750, read by {@link BearerTokens}) or {@code Authorization: DPoP <token>} (RFC 9449 section 7.1).
 *
 * <p>{@link #toString()} shows a fingerprint, never the token. Immutable and thread-safe.
 *
 * @param scheme how the token was presented
 * @param token the token; a secret
 */
public record PresentedToken(Scheme scheme, String token) {
    private static final Set<String> SCHEMES = Set.of(Credential.BEARER, "dpop");

    /** The {@code Authorization} scheme. */
    public enum Scheme {
        /** {@code Bearer}. */
        BEARER,
        /** {@code DPoP}. */
        DPOP
    }

    /** Checks the fields. */
    public PresentedToken {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(token, "token");
    }

    /**
     * The token of a request, strictly: exactly one {@code Authorization} header, scheme
     * {@code Bearer} or {@code DPoP} (case-insensitive), one space, a {@code b64token}; never a query
     * parameter.
     *
     * @param authorizationHeaders every value of {@code Authorization} (empty when none)
     * @param rawQuery the raw query string, or {@code null}
     * @return the token, or empty when the request carries neither scheme
     * @throws TokenValidationException {@link Reason#INVALID_REQUEST} for credentials sent in a way
     *     neither RFC allows (several headers, a malformed value, an {@code access_token} parameter)
     */
    public static Optional<PresentedToken> resolve(Collection<String> authorizationHeaders, String rawQuery) {
        // the one Authorization parser of the pipeline, with the DPoP scheme accepted
        Credential credential = Credentials.resolve(authorizationHeaders, rawQuery, SCHEMES);
        return credential == null ? Optional.empty() : Optional.of(of(credential));
    }

    /** The presented token of a pipeline credential ({@code bearer} or {@code dpop}). */
    static PresentedToken of(Credential credential) {
        return new PresentedToken(credential.isBearer() ? Scheme.BEARER : Scheme.DPOP, credential.token());
    }

    /** As {@link #resolve(Collection, String)} for one header value ({@code null} for none). */
    public static Optional<PresentedToken> fromHeader(String authorization) {
        return resolve(authorization == null ? List.of() : List.of(authorization), null);
    }

    @Override
    public String toString() {
        return "PresentedToken[scheme=" + scheme + ", token=" + Fingerprints.of(token) + ']';
    }
}
