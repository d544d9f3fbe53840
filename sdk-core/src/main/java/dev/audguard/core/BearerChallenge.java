package dev.audguard.core;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the answers an adapter gives to refused requests: the RFC 6750 {@code WWW-Authenticate:
 * Bearer} challenge (with the RFC 9728 {@code resource_metadata} parameter when configured), the
 * status from {@link Reason#httpStatus()}, and the JSON body.
 *
 * <pre>{@code
 * BearerChallenge challenge = BearerChallenge.builder().realm("orders").build();
 * BearerErrorResponse answer = challenge.answer(Refusal.of(Reason.EXPIRED));   // or forFailure(exception), forMissingToken()
 * }</pre>
 *
 * <ul>
 *   <li>no token: 401, {@code Bearer realm="orders"}, no {@code error} (RFC 6750 section 3.1);</li>
 *   <li>a refused token: 401 {@code error="invalid_token", error_description="..."};</li>
 *   <li>a malformed request: 400 {@code invalid_request};</li>
 *   <li>missing scopes: 403 {@code insufficient_scope} with {@code scope="..."} listing what is required;</li>
 *   <li>keys unavailable: 503 with {@code Retry-After} and a challenge without {@code error}: the
 *       token is not at fault;</li>
 *   <li>an internal error: 500 {@code server_error}, a challenge without {@code error};</li>
 *   <li>a role missing or a deny-all rule: 403 {@code access_denied}, a challenge without {@code error};</li>
 *   <li>any other {@link Refusal} (a failed token exchange: 401, 502, 503) by the same rules.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750 section 3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9728#section-5.1">RFC 9728 section 5.1</a>
 */
public final class BearerChallenge {
    private final String realm;
    private final URI resourceMetadata;
    private final long retryAfterSeconds;

    private BearerChallenge(Builder builder) {
        this.realm = builder.realm;
        this.resourceMetadata = builder.resourceMetadata;
        this.retryAfterSeconds = builder.retryAfter.toSeconds();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A challenge with no realm and no metadata URL. */
    public static BearerChallenge plain() {
        return builder().build();
    }

    /** The answer when the request carried no bearer token: 401 without {@code error}. */
    public BearerErrorResponse forMissingToken() {
        return answer(Refusal.missingToken());
    }

    /** The answer for a refused (or uncheckable) token or request. */
    public BearerErrorResponse forFailure(TokenValidationException failure) {
        return answer(Refusal.of(failure));
    }

    /**
     * The answer for any refusal: its status; a challenge with {@code error} and
     * {@code error_description} when RFC 6750 defines the error code, else a bare challenge (the
     * token is not at fault, or none was sent); {@code scope} naming the refusal's
     * {@linkplain Refusal#requiredScopes() required scopes} when it has any; {@code Retry-After} on 503, the refusal's own wait when it has one (at least one
     * second), else this challenge's default.
     */
    public BearerErrorResponse answer(Refusal refusal) {
        Objects.requireNonNull(refusal, "refusal");
        String error = refusal.error().orElse(null);
        String description = refusal.description().orElse(null);
        Optional<Long> retry = refusal.status() == 503
                ? Optional.of(refusal.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(retryAfterSeconds))
                : Optional.empty();
        String value = refusal.namedInChallenge() ? challenge(error, description, refusal.requiredScopes())
                : challenge(null, null, refusal.requiredScopes());
        return new BearerErrorResponse(refusal.status(), error, description, value, retry);
    }

    /**
     * The answer when serving a request needed another service (a token exchange, a downstream
     * call) and that failed: {@code 401} with an {@code invalid_token} challenge when the caller's
     * token was refused there, {@code 503} with {@code Retry-After} when the other service is
     * unavailable, {@code 502} otherwise (a challenge without {@code error}: the caller's token is
     * not at fault).
     *
     * @param status 401, 502 or 503
     * @param fixedDescription fixed wording, never anything the caller or the other service sent
     * @param retryAfter for 503, when the other service said; else this challenge's default
     * @deprecated the status travels in a {@link Refusal} now: use {@link #answer(Refusal)} with the
     *     exception's {@code refusal()} (e.g. {@code TokenExchangeException.refusal()})
     */
    @Deprecated(since = "0.1.0")
    public BearerErrorResponse forDependencyFailure(int status, String fixedDescription, Optional<Duration> retryAfter) {
        Objects.requireNonNull(fixedDescription, "fixedDescription");
        Refusal refusal;
        switch (status) {
            case 401:
                refusal = Refusal.of("dependency_refused_token", 401, "invalid_token", fixedDescription);
                break;
            case 502:
                refusal = Refusal.of("dependency_failed", 502, "bad_gateway", fixedDescription);
                break;
            case 503:
                refusal = Refusal.of("dependency_unavailable", 503, "temporarily_unavailable", fixedDescription);
                break;
            default:
                throw new IllegalArgumentException("a dependency failure answers 401, 502 or 503");
        }
        return answer(retryAfter.isPresent() ? refusal.withRetryAfter(retryAfter.get()) : refusal);
    }

    /** The answer when a valid token lacks {@code requiredScopes}: 403 {@code insufficient_scope}. */
    public BearerErrorResponse forInsufficientScope(Collection<String> requiredScopes) {
        return answer(Refusal.insufficientScope(requiredScopes));
    }

    private String challenge(String error, String description, Set<String> scopes) {
        List<String> params = new ArrayList<>(5);
        if (realm != null) {
            params.add("realm=" + quoted(realm));
        }
        if (error != null) {
            params.add("error=" + quoted(error));
            params.add("error_description=" + quoted(description));
        }
        if (!scopes.isEmpty()) {
            params.add("scope=" + quoted(String.join(" ", new TreeSet<>(scopes))));
        }
        if (resourceMetadata != null) {
            params.add("resource_metadata=" + quoted(resourceMetadata.toString()));
        }
        return params.isEmpty() ? "Bearer" : "Bearer " + String.join(", ", params);
    }

    /**
     * Checks a value that goes into a challenge ({@code realm}, a metadata URL, a description):
     * printable ASCII, no control characters. Builders call this instead of building a challenge
     * to see whether it fails.
     *
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code option} when a character is not printable ASCII
     */
    public static String requirePrintable(String value, String option) {
        Objects.requireNonNull(value, option);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(option + " must be printable ASCII");
            }
        }
        return value;
    }

    /** {@link Builder#retryAfter(Duration)}'s check, for builders that collect the option. */
    static Duration requireRetryAfter(Duration retryAfter) {
        if (Objects.requireNonNull(retryAfter, "retryAfter").isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
        return retryAfter;
    }

    /** An RFC 9110 quoted-string. */
    private static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /** Configures a {@link BearerChallenge}. Not thread-safe. */
    public static final class Builder {
        private String realm;
        private URI resourceMetadata;
        private Duration retryAfter = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The {@code realm} attribute; omitted when not set. Printable ASCII without control characters. */
        public Builder realm(String realm) {
            this.realm = checkedValue(realm, "realm");
            return this;
        }

        /** The RFC 9728 metadata URL added as {@code resource_metadata} to every challenge. */
        public Builder resourceMetadata(URI metadataUrl) {
            this.resourceMetadata = Objects.requireNonNull(metadataUrl, "metadataUrl");
            checkedValue(metadataUrl.toString(), "resourceMetadata");
            return this;
        }

        /** {@code Retry-After} for 503 answers (default 10 s). */
        public Builder retryAfter(Duration retryAfter) {
            if (retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative");
            }
            this.retryAfter = retryAfter;
            return this;
        }

        private static String checkedValue(String value, String name) {
            return requirePrintable(value, name);
        }

        /** Builds the challenge. */
        public BearerChallenge build() {
            return new BearerChallenge(this);
        }
    }
}
