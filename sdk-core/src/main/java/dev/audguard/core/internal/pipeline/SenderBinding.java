package dev.audguard.core.internal.pipeline;

import dev.audguard.core.HttpAnswer;
import dev.audguard.core.Refusal;
import dev.audguard.core.ResourceRequest;
import dev.audguard.core.VerifiedToken;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sender-binding step, run after the token check and before authorization: proves that the
 * caller holds the key the token is bound to (a DPoP proof, RFC 9449; a client certificate,
 * RFC 8705), and refuses bound tokens sent without the proof. Configured once on the front door
 * ({@link dev.audguard.core.ProtectedResource.Builder#senderBinding(SenderBinding)}), so every
 * adapter gets it. Shared by audguard's modules; not API.
 *
 * <p>Implementations are immutable and thread-safe, and must be fast: they run on every request.
 */
public interface SenderBinding {

    /**
     * Checks the binding of {@code token}.
     *
     * @param request the request, with every header {@link #headers()} names
     * @param credential the scheme and token the request carried
     * @param token the verified token
     * @return empty to pass, or the refusal to answer with; an exception is answered as an
     *     internal error
     */
    Optional<Refusal> check(ResourceRequest request, Credential credential, VerifiedToken token);

    /** {@code Authorization} schemes besides {@code Bearer} this step accepts, lower case (e.g. {@code dpop}). */
    default Set<String> schemes() {
        return Set.of();
    }

    /** Request headers this step reads besides {@code Authorization} (e.g. {@code DPoP}); adapters copy them. */
    default Set<String> headers() {
        return Set.of();
    }

    /**
     * The headers of {@code request} the application must not see: a header this step reads only
     * from trusted peers (a proxy's client-certificate header) that came from another peer. The
     * adapters hide them from the application's view of the request. Names as configured; the
     * adapters compare them ignoring case.
     *
     * @param request the request, with every header {@link #headers()} names and its peer address
     */
    default Set<String> untrustedHeaders(ResourceRequest request) {
        return Set.of();
    }

    /**
     * A challenge added as a further {@code WWW-Authenticate} value to every 401 the front door
     * answers (e.g. {@code DPoP algs="ES256"}, RFC 9449 section 7.1), unless the refusal brings
     * its own ({@link Refusal#withChallenge(String)}).
     */
    default Optional<String> challenge() {
        return Optional.empty();
    }

    /** Headers to add to the response of a request this step passed (e.g. a fresh {@code DPoP-Nonce}). */
    default List<HttpAnswer.Header> acceptedHeaders(ResourceRequest request, VerifiedToken token) {
        return List.of();
    }

    /** Fields this step adds to the RFC 9728 metadata the front door derives (e.g. {@code dpop_bound_access_tokens_required}). */
    default Map<String, Object> metadataFields() {
        return Map.of();
    }
}
