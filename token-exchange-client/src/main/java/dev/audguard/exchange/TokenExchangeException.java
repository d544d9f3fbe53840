package dev.audguard.exchange;

import dev.audguard.core.BearerChallenge;
import dev.audguard.core.BearerErrorResponse;

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
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693#section-2.2.2">RFC 8693 section 2.2.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.2">RFC 6749 section 5.2</a>
 */
public final class TokenExchangeException extends RuntimeException {
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

        Category(String code, int httpStatus, String description) {
            this.code = code;
            this.httpStatus = httpStatus;
            this.description = description;
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

    /** Whose problem it is. */
    private final Category category;
    /** Fixed wording for logs. */
    private final String detail;
    /** The issuer's safe error code, or null. */
    private final String issuerError;
    /** The issuer's safe error description, or null. */
    private final String issuerErrorDescription;
    /** The issuer's last HTTP status, or null. */
    private final Integer issuerStatus;
    /** The issuer's Retry-After, or null. */
    private final Duration retryAfter;

    TokenExchangeException(Category category, String detail, String issuerError, String issuerErrorDescription,
                           Integer issuerStatus, Duration retryAfter, Throwable cause) {
        super(category.description() + (issuerError == null ? "" : " (issuer error " + issuerError + ")"), cause);
        this.category = Objects.requireNonNull(category, "category");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.issuerError = issuerError;
        this.issuerErrorDescription = issuerErrorDescription;
        this.issuerStatus = issuerStatus;
        this.retryAfter = retryAfter;
    }

    /** Whose problem it is. */
    public Category category() {
        return category;
    }

    /** Shorthand for {@code category().httpStatus()}: what an adapter answers its caller with. */
    public int httpStatus() {
        return category.httpStatus();
    }

    /**
     * What went wrong, in fixed wording for logs: {@code "HTTP 503"}, {@code "timeout"},
     * {@code "connection refused"}, {@code "response is not a JSON object"},
     * {@code "token_type is not Bearer"}, {@code "discovery document names another issuer"}, ...
     */
    public String detail() {
        return detail;
    }

    /** The issuer's OAuth {@code error} code, when it sent one made of safe characters. */
    public Optional<String> issuerError() {
        return Optional.ofNullable(issuerError);
    }

    /** The issuer's {@code error_description}, only when it is safe to show (see the class comment). */
    public Optional<String> issuerErrorDescription() {
        return Optional.ofNullable(issuerErrorDescription);
    }

    /** The HTTP status of the issuer's last answer, when there was one. */
    public OptionalInt issuerStatus() {
        return issuerStatus == null ? OptionalInt.empty() : OptionalInt.of(issuerStatus);
    }

    /**
     * For {@link Category#ISSUER_UNAVAILABLE}: how long the issuer asked callers to wait
     * ({@code Retry-After}), for an adapter's own {@code Retry-After}.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * What an adapter answers its own caller when this failure stops a request: through sdk-core's
     * {@link BearerChallenge}, so every adapter answers alike ({@code 401 invalid_token},
     * {@code 502}, or {@code 503} with {@code Retry-After}), with this category's fixed wording.
     */
    public BearerErrorResponse errorResponse(BearerChallenge challenge) {
        return challenge.forDependencyFailure(category.httpStatus(), category.description(), retryAfter());
    }
}
