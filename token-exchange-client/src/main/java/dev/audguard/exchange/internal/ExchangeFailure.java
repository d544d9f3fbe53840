package dev.audguard.exchange.internal;

import dev.audguard.exchange.TokenExchangeException.Category;
import dev.audguard.exchange.TokenExchangeException.ExchangeError;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A failed exchange as the internals see it: the {@link ExchangeError} record (a category, what
 * the issuer said, already made safe) and whether another attempt may help. The public API turns it into a
 * {@link dev.audguard.exchange.TokenExchangeException} for each caller. Not API.
 *
 * <p>The message is fixed wording (such as {@code "HTTP 503"} or {@code "timeout"}), never a token
 * or the issuer's free text. Immutable and thread-safe.
 */
public final class ExchangeFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExchangeError error;
    private final boolean retryable;

    public ExchangeFailure(Category category, String problem, String issuerError, String issuerErrorDescription,
                           Integer issuerStatus, Duration retryAfter, boolean retryable, Throwable cause) {
        this(new ExchangeError(category, problem, issuerError, issuerErrorDescription, issuerStatus, retryAfter), retryable, cause);
    }

    public ExchangeFailure(ExchangeError error, boolean retryable, Throwable cause) {
        super(error.detail(), cause, false, false);
        this.error = error;
        this.retryable = retryable;
    }

    /** Everything known about the failure: the record the public exceptions carry too. */
    public ExchangeError error() {
        return error;
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
        return retryable ? new ExchangeFailure(error, false, getCause()) : this;
    }

    public Category category() {
        return error.category();
    }

    /** Fixed wording: {@code "HTTP 503"}, {@code "timeout"}, {@code "response is not JSON"}, ... */
    public String problem() {
        return getMessage();
    }

    public String issuerError() {
        return error.issuerError();
    }

    public String issuerErrorDescription() {
        return error.issuerErrorDescription();
    }

    public Integer issuerStatus() {
        return error.issuerStatus();
    }

    public Duration retryAfter() {
        return error.retryAfter();
    }

    public boolean retryable() {
        return retryable;
    }
}
