package dev.audguard.exchange;

import java.util.Optional;

/**
 * Supplies the subject token of the work being done right now, usually the verified access token of
 * the inbound request being served. Adapters implement it (the servlet adapter from the current
 * request, the Spring adapter from the security context); {@link ExchangingHttpClient} asks it once
 * per outbound request, on the thread that sends the request.
 *
 * <pre>{@code
 * SubjectTokenSource source = () -> Optional.ofNullable(currentRequestToken.get()).map(SubjectToken::of);
 * }</pre>
 *
 * <p>Implementations must be thread-safe and must answer for the calling thread's request only:
 * returning another request's token would let one caller act as another.
 */
@FunctionalInterface
public interface SubjectTokenSource {

    /** The current subject token, or empty when there is none (outside any request, or an anonymous request). */
    Optional<SubjectToken> currentSubjectToken();

    /** A source that never has a token: every call must then name its subject explicitly. */
    static SubjectTokenSource none() {
        return Optional::empty;
    }
}
