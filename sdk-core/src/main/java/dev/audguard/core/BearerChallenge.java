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
 * BearerErrorResponse answer = challenge.forFailure(exception);   // or challenge.forMissingToken()
 * }</pre>
 *
 * <ul>
 *   <li>no token: 401, {@code Bearer realm="orders"}, no {@code error} (RFC 6750 section 3.1);</li>
 *   <li>a refused token: 401 {@code error="invalid_token", error_description="..."};</li>
 *   <li>a malformed request: 400 {@code invalid_request};</li>
 *   <li>missing scopes: 403 {@code insufficient_scope} with {@code scope="..."} listing what is required;</li>
 *   <li>keys unavailable: 503 with {@code Retry-After} and a challenge without {@code error}: the
 *       token is not at fault.</li>
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
        return new BearerErrorResponse(401, null, null, challenge(null, null, Set.of()), Optional.empty());
    }

    /** The answer for a refused (or uncheckable) token or request. */
    public BearerErrorResponse forFailure(TokenValidationException failure) {
        Reason reason = failure.reason();
        if (reason == Reason.KEYS_UNAVAILABLE) {
            return new BearerErrorResponse(503, reason.errorCode(), reason.description(),
                    challenge(null, null, Set.of()), Optional.of(retryAfterSeconds));
        }
        return new BearerErrorResponse(reason.httpStatus(), reason.errorCode(), reason.description(),
                challenge(reason.errorCode(), reason.description(), failure.requiredScopes()), Optional.empty());
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
     */
    public BearerErrorResponse forDependencyFailure(int status, String fixedDescription, Optional<Duration> retryAfter) {
        Objects.requireNonNull(fixedDescription, "fixedDescription");
        switch (status) {
            case 401:
                return new BearerErrorResponse(401, "invalid_token", fixedDescription,
                        challenge("invalid_token", fixedDescription, Set.of()), Optional.empty());
            case 502:
                return new BearerErrorResponse(502, "bad_gateway", fixedDescription, challenge(null, null, Set.of()), Optional.empty());
            case 503:
                long seconds = retryAfter.map(d -> Math.max(1, d.toSeconds())).orElse(retryAfterSeconds);
                return new BearerErrorResponse(503, "temporarily_unavailable", fixedDescription,
                        challenge(null, null, Set.of()), Optional.of(seconds));
            default:
                throw new IllegalArgumentException("a dependency failure answers 401, 502 or 503");
        }
    }

    /** The answer when a valid token lacks {@code requiredScopes}: 403 {@code insufficient_scope}. */
    public BearerErrorResponse forInsufficientScope(Collection<String> requiredScopes) {
        return forFailure(TokenValidationException.insufficientScope(Set.copyOf(requiredScopes)));
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
            Objects.requireNonNull(value, name);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException(name + " must be printable ASCII");
                }
            }
            return value;
        }

        /** Builds the challenge. */
        public BearerChallenge build() {
            return new BearerChallenge(this);
        }
    }
}
