package dev.audguard.exchange.internal;

import dev.audguard.exchange.TokenExchangeException.Category;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A failed exchange as the internals see it: a category, what the issuer said (already made safe),
 * and whether another attempt may help. The public API turns it into a
 * {@link dev.audguard.exchange.TokenExchangeException} for each caller. Not API.
 *
 * <p>The message is fixed wording (such as {@code "HTTP 503"} or {@code "timeout"}), never a token
 * or the issuer's free text. Immutable and thread-safe.
 */
public final class ExchangeFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Category category;
    private final String issuerError;
    private final String issuerErrorDescription;
    private final Integer issuerStatus;
    private final Duration retryAfter;
    private final boolean retryable;

    public ExchangeFailure(Category category, String problem, String issuerError, String issuerErrorDescription,
                           Integer issuerStatus, Duration retryAfter, boolean retryable, Throwable cause) {
        super(problem, cause, false, false);
        this.category = category;
        this.issuerError = issuerError;
        this.issuerErrorDescription = issuerErrorDescription;
        this.issuerStatus = issuerStatus;
        this.retryAfter = retryAfter;
        this.retryable = retryable;
    }

    /** A failure without an issuer answer: {@code problem} is fixed wording. */
    public static ExchangeFailure of(Category category, String problem) {
        return new ExchangeFailure(category, problem, null, null, null, null, false, null);
    }

    /** A network failure or timeout: the issuer is unavailable, and another attempt may help. */
    public static ExchangeFailure network(String problem, Throwable cause) {
        return new ExchangeFailure(Category.ISSUER_UNAVAILABLE, problem, null, null, null, null, true, cause);
    }

    /** The failure behind {@code error}, unwrapping futures; anything unexpected becomes an invalid response. */
    public static ExchangeFailure unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ExchangeFailure failure) {
            return failure;
        }
        return new ExchangeFailure(Category.INVALID_RESPONSE, "unexpected failure: " + cause.getClass().getName(),
                null, null, null, null, false, cause);
    }

    /** The same failure, marked as not worth another attempt (the retry budget is spent). */
    public ExchangeFailure exhausted() {
        return retryable ? new ExchangeFailure(category, getMessage(), issuerError, issuerErrorDescription, issuerStatus,
                retryAfter, false, getCause()) : this;
    }

    public Category category() {
        return category;
    }

    /** Fixed wording: {@code "HTTP 503"}, {@code "timeout"}, {@code "response is not JSON"}, ... */
    public String problem() {
        return getMessage();
    }

    public String issuerError() {
        return issuerError;
    }

    public String issuerErrorDescription() {
        return issuerErrorDescription;
    }

    public Integer issuerStatus() {
        return issuerStatus;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean retryable() {
        return retryable;
    }
}
