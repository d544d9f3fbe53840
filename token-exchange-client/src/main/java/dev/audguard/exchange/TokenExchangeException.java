package dev.audguard.exchange;

import dev.audguard.core.BearerChallenge;
import dev.audguard.core.BearerErrorResponse;
import dev.audguard.core.Refusal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A token exchange that did not produce a usable token, with a {@link Category} that says whose
 * problem it is and so how an HTTP adapter answers its own caller.
 *
 * <p>The category comes from the issuer's RFC 6749 / RFC 8693 error code (section 5.2 of RFC 6749,
 * section 2.2.2 of RFC 8693), from the HTTP status, or from what went wrong on the wire:
 * <ul>
 *   <li>{@link Category#SUBJECT_TOKEN_REJECTED}: the issuer refused the inbound caller's token
 *       ({@code invalid_grant}, or {@code invalid_request} about the token, as Keycloak answers
 *       {@code "Invalid token"}); the adapter answers its caller {@code 401}.</li>
 *   <li>{@link Category#CONFIGURATION}: this service's client or target is set up wrongly
 *       ({@code invalid_client}, {@code unauthorized_client}, {@code invalid_target},
 *       {@code access_denied}, {@code invalid_scope}, other {@code 4xx}); {@code 502}.</li>
 *   <li>{@link Category#ISSUER_UNAVAILABLE}: network errors, timeouts, {@code 5xx}, {@code 429},
 *       after the bounded retries; {@code 503}, with {@link #retryAfter()} when the issuer said.</li>
 *   <li>{@link Category#INVALID_RESPONSE}: the issuer answered {@code 200} with something that is
 *       not a usable token (not JSON, no {@code access_token}, {@code token_type} {@code N_A} for
 *       an access token, ...); {@code 502}.</li>
 * </ul>
 *
 * <p>The message is fixed wording plus the issuer's error code: it never contains a token, a
 * secret or the issuer's free text. {@link #issuerErrorDescription()} keeps the issuer's
 * {@code error_description} only when it is short printable text that looks like no token or
 * secret (Keycloak's are, e.g. {@code "Requested audience not available: reports-api"}).
 *
 * <p>Everything it knows is one {@link ExchangeError} record ({@link #error()}), the same record
 * the client's internals and {@link UnknownDownstreamException} carry; as a
 * {@link Refusal.Carrier} it hands any adapter's front door
 * ({@code ProtectedResource.answerFor(Throwable)}) the sdk-core {@link Refusal} to answer with.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693#section-2.2.2">RFC 8693 section 2.2.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.2">RFC 6749 section 5.2</a>
 */
public final class TokenExchangeException extends RuntimeException implements Refusal.Carrier {
    private static final long serialVersionUID = 1L;

    /** Whose problem a failed exchange is; each fixes the HTTP status an adapter answers with. */
    public enum Category {
        /** The issuer refused the subject token: the inbound caller's problem. */
        SUBJECT_TOKEN_REJECTED("subject_token_rejected", 401, "The issuer refused the subject token."),
        /** This service's exchange client or downstream target is misconfigured. */
        CONFIGURATION("configuration", 502, "The token exchange is misconfigured."),
        /** The issuer could not be reached or was overloaded, after the allowed retries. */
        ISSUER_UNAVAILABLE("issuer_unavailable", 503, "The token issuer is unavailable; try again later."),
        /** The issuer answered with something that is not a usable token. */
        INVALID_RESPONSE("invalid_response", 502, "The token issuer answered with an unusable response.");

        private final String code;
        private final int httpStatus;
        private final String description;

        private final Refusal refusal;

        Category(String code, int httpStatus, String description) {
            this.code = code;
            this.httpStatus = httpStatus;
            this.description = description;
            String error = httpStatus == 401 ? "invalid_token" : httpStatus == 503 ? "temporarily_unavailable" : "bad_gateway";
            this.refusal = Refusal.of(code, httpStatus, error, description);
        }

        /**
         * The category in sdk-core's error vocabulary: code, status, OAuth error code
         * ({@code invalid_token}, {@code bad_gateway} or {@code temporarily_unavailable}) and
         * this category's fixed wording.
         */
        public Refusal refusal() {
            return refusal;
        }

        /** Stable snake_case code for metrics and logs, such as {@code issuer_unavailable}. */
        public String code() {
            return code;
        }

        /**
         * The status an adapter answers its own caller with: 401 ({@code invalid_token}), 502 or
         * 503.
         */
        public int httpStatus() {
            return httpStatus;
        }

        /** Fixed wording, safe to return to a caller. */
        public String description() {
            return description;
        }

        @Override
        public String toString() {
            return code;
        }
    }

    /**
     * Everything known about a failed exchange, in one immutable record shared by
     * {@link TokenExchangeException}, {@link UnknownDownstreamException} and the client's internals.
     *
     * @param category whose problem it is
     * @param detail what went wrong, fixed wording for logs ({@code "HTTP 503"}, {@code "timeout"}, ...)
     * @param issuerError the issuer's OAuth {@code error} code when it sent one of safe characters, or {@code null}
     * @param issuerErrorDescription the issuer's {@code error_description} when safe to show, or {@code null}
     * @param issuerStatus the HTTP status of the issuer's last answer, or {@code null}
     * @param retryAfter how long the issuer asked callers to wait, or {@code null}
     */
    public record ExchangeError(Category category, String detail, String issuerError, String issuerErrorDescription,
                                Integer issuerStatus, Duration retryAfter) {
        /** Checks the category and detail are present. */
        public ExchangeError {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(detail, "detail");
        }

        /** An error without an issuer answer. */
        public static ExchangeError of(Category category, String detail) {
            return new ExchangeError(category, detail, null, null, null, null);
        }

        /** The sdk-core refusal: the category's, with the issuer's {@code Retry-After} when it gave one. */
        public Refusal refusal() {
            return retryAfter == null ? category.refusal() : category.refusal().withRetryAfter(retryAfter);
        }
    }

    private final ExchangeError error;

    TokenExchangeException(Category category, String detail, String issuerError, String issuerErrorDescription,
                           Integer issuerStatus, Duration retryAfter, Throwable cause) {
        this(new ExchangeError(category, detail, issuerError, issuerErrorDescription, issuerStatus, retryAfter), cause);
    }

    TokenExchangeException(ExchangeError error, Throwable cause) {
        super(error.category().description() + (error.issuerError() == null ? "" : " (issuer error " + error.issuerError() + ")"),
                cause);
        this.error = error;
    }

    /** Everything known about the failure, as one record. */
    public ExchangeError error() {
        return error;
    }

    /** The sdk-core refusal an adapter answers its caller with ({@link ExchangeError#refusal()}). */
    @Override
    public Refusal refusal() {
        return error.refusal();
    }

    /** Whose problem it is. */
    public Category category() {
        return error.category();
    }

    /** Shorthand for {@code category().httpStatus()}: what an adapter answers its caller with. */
    public int httpStatus() {
        return error.category().httpStatus();
    }

    /**
     * What went wrong, in fixed wording for logs: {@code "HTTP 503"}, {@code "timeout"},
     * {@code "connection refused"}, {@code "response is not a JSON object"},
     * {@code "token_type is not Bearer"}, {@code "discovery document names another issuer"}, ...
     */
    public String detail() {
        return error.detail();
    }

    /** The issuer's OAuth {@code error} code, when it sent one made of safe characters. */
    public Optional<String> issuerError() {
        return Optional.ofNullable(error.issuerError());
    }

    /** The issuer's {@code error_description}, only when it is safe to show (see the class comment). */
    public Optional<String> issuerErrorDescription() {
        return Optional.ofNullable(error.issuerErrorDescription());
    }

    /** The HTTP status of the issuer's last answer, when there was one. */
    public OptionalInt issuerStatus() {
        return error.issuerStatus() == null ? OptionalInt.empty() : OptionalInt.of(error.issuerStatus());
    }

    /**
     * For {@link Category#ISSUER_UNAVAILABLE}: how long the issuer asked callers to wait
     * ({@code Retry-After}), for an adapter's own {@code Retry-After}.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(error.retryAfter());
    }

    /**
     * What an adapter answers its own caller when this failure stops a request: through sdk-core's
     * {@link BearerChallenge}, so every adapter answers alike ({@code 401 invalid_token},
     * {@code 502}, or {@code 503} with {@code Retry-After}), with this category's fixed wording.
     *
     * @deprecated adapters on sdk-core's front door answer with
     *     {@code ProtectedResource.answerFor(exception)}; elsewhere use
     *     {@code challenge.answer(exception.refusal())}
     */
    @Deprecated(since = "0.1.0")
    public BearerErrorResponse errorResponse(BearerChallenge challenge) {
        return challenge.answer(refusal());
    }
}
