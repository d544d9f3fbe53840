package dev.audguard.exchange;

import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.exchange.internal.Challenges;
import dev.audguard.exchange.internal.TokenCall;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
    private final DpopProofSigner signer;

    DownstreamAuthorization(DownstreamTarget target, ExchangeRequest request, ExchangedToken token, boolean retry,
                            DpopProofSigner signer) {
        this.target = target;
        this.request = request;
        this.token = token;
        this.retry = retry;
        this.signer = signer;
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

    /**
     * The {@code DPoP} header for one request with this token (RFC 9449 section 7): a fresh proof for
     * {@code method} and {@code uri} (query and fragment left out, as the RFC says) with {@code ath}
     * of the token, and {@code nonce} when the target gave one; empty when the token is not
     * DPoP-bound. A new proof per request: never reuse one. The framework integrations (Spring
     * {@code RestClient} and {@code WebClient}, the Jakarta REST client filter) and
     * {@link ExchangingHttpClient} all send it this way.
     *
     * @param nonce the target's {@code DPoP-Nonce}, or {@code null}
     * @throws IllegalStateException when the token is DPoP-bound but the exchange client has no DPoP key
     *     (cannot happen with this library's exchange client, which accepts {@code token_type DPoP} only
     *     after sending a proof)
     * @throws IllegalArgumentException when {@code uri} is not an absolute http(s) URI
     */
    public Optional<String> dpopProof(String method, URI uri, String nonce) {
        if (!token.isDpopBound()) {
            return Optional.empty();
        }
        if (signer == null) {
            throw new IllegalStateException("the issuer sent a DPoP-bound token but the exchange client has no DPoP key");
        }
        return Optional.of(signer.proof(method, uri, token.accessToken(), nonce));
    }

    /**
     * The nonce a target's answer asks this DPoP-bound request to be sent again with (RFC 9449
     * section 9): status 401, a {@code DPoP} challenge with {@code error="use_dpop_nonce"} and a
     * usable {@code DPoP-Nonce} header. Empty for any other answer, and always for a bearer token.
     * Send the request once more with {@link #dpopProof(String, URI, String) a proof carrying it};
     * a second such answer goes back to the caller.
     *
     * @param wwwAuthenticate every {@code WWW-Authenticate} value of the answer
     * @param dpopNonce the answer's {@code DPoP-Nonce} header, or {@code null}
     */
    public Optional<String> nonceRequested(int status, List<String> wwwAuthenticate, String dpopNonce) {
        if (!token.isDpopBound() || dpopNonce == null || !Challenges.isUseDpopNonce(status, wwwAuthenticate)
                || !TokenCall.usableNonce(dpopNonce)) {
            return Optional.empty();
        }
        return Optional.of(dpopNonce);
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
