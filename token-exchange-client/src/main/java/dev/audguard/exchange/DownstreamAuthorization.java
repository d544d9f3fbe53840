package dev.audguard.exchange;

import java.time.Instant;

/**
 * The {@code Authorization} header for one outbound request to a {@link DownstreamTarget}, and what
 * is needed to apply the one-retry rule if the target refuses it (see
 * {@link DownstreamAuthorizer#retryFor}).
 *
 * <p>{@link #toString()} never shows the token. Immutable and thread-safe.
 */
public final class DownstreamAuthorization {
    private final DownstreamTarget target;
    private final ExchangeRequest request;
    private final ExchangedToken token;
    private final boolean retry;

    DownstreamAuthorization(DownstreamTarget target, ExchangeRequest request, ExchangedToken token, boolean retry) {
        this.target = target;
        this.request = request;
        this.token = token;
        this.retry = retry;
    }

    /** The target the URL belongs to. */
    public DownstreamTarget target() {
        return target;
    }

    /**
     * {@code "Bearer <exchanged token>"}, or {@code "DPoP <exchanged token>"} when {@link #isDpopBound()}:
     * set it as the request's {@code Authorization} header. A secret: never log it.
     */
    public String headerValue() {
        return token.authorizationHeaderValue();
    }

    /** Whether the token is DPoP-bound: the request then also needs a {@code DPoP} proof with {@code ath}. */
    public boolean isDpopBound() {
        return token.isDpopBound();
    }

    /** When the exchanged token expires. */
    public Instant expiresAt() {
        return token.expiresAt();
    }

    /** The exchanged token's fingerprint, to tell tokens apart in logs. */
    public String tokenFingerprint() {
        return token.fingerprint();
    }

    /** Whether this is the one retry after a refusal: if the target refuses it too, the refusal goes to the caller. */
    public boolean isRetry() {
        return retry;
    }

    ExchangeRequest request() {
        return request;
    }

    ExchangedToken token() {
        return token;
    }

    @Override
    public String toString() {
        return "DownstreamAuthorization{target=" + target.name() + ", token=" + token.fingerprint() + ", expiresAt="
                + token.expiresAt() + (retry ? ", retry" : "") + '}';
    }
}
