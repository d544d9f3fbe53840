package dev.audguard.servlet;

import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.ExchangingHttpClient;
import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.SubjectTokenSource;
import jakarta.servlet.ServletRequest;

import java.util.Objects;
import java.util.Optional;

/**
 * The subject token for downstream calls made while serving a request: the {@link VerifiedToken}
 * that {@link BearerTokenFilter} accepted for it, read from the request itself.
 *
 * <pre>{@code
 * // in a servlet behind BearerTokenFilter; http is an ExchangingHttpClient shared by the service
 * SubjectToken subject = RequestSubjectTokens.of(request).orElseThrow();
 * HttpResponse<String> answer = http.forSubject(subject).send(downstreamRequest, BodyHandlers.ofString());
 * }</pre>
 *
 * <p>The token travels with the request object, not with a thread: nothing is left behind on a
 * container thread after the request, and it still works after {@code startAsync()} on another
 * thread. The exchanging client sends an exchanged token, never this one.
 *
 * <p>Thread-safe (stateless).
 *
 * @see ExchangingHttpClient#forSubject(SubjectToken)
 */
public final class RequestSubjectTokens {
    private RequestSubjectTokens() {
    }

    /** The subject token of {@code request}, or empty when the filter accepted no token for it (an unprotected path). */
    public static Optional<SubjectToken> of(ServletRequest request) {
        return BearerTokenFilter.verifiedToken(Objects.requireNonNull(request, "request")).map(SubjectToken::of);
    }

    /**
     * A {@link SubjectTokenSource} bound to {@code request}, for APIs that take a source; it answers
     * with that request's token whichever thread asks.
     */
    public static SubjectTokenSource sourceFor(ServletRequest request) {
        Objects.requireNonNull(request, "request");
        return () -> of(request);
    }
}
