package dev.audguard.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Why a request is refused, in the one vocabulary every adapter answers with: a stable code, the
 * HTTP status, the OAuth error code, fixed wording, and, where they apply, a {@code Retry-After}
 * and the scopes the resource requires. A token refused by the validator ({@link Reason}), a
 * request refused at the front door (no token, a role missing, a path that cannot be matched
 * safely) and a failed token exchange (the exchange client's categories) all become one of these,
 * and {@link BearerChallenge#answer(Refusal)} turns any of them into the same kind of answer.
 *
 * <pre>{@code
 * Refusal refusal = Refusal.of(Reason.EXPIRED);        // 401 invalid_token, code "expired"
 * BearerErrorResponse answer = challenge.answer(refusal);
 * }</pre>
 *
 * <p>Codes are snake_case, added and never renamed ({@link Reason#code()} for validator reasons,
 * {@code missing_token} for a request without credentials, the exchange client's category codes
 * such as {@code issuer_unavailable}). The description is fixed wording: never anything the caller
 * or another service sent, so it is safe to return.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 section 3.1</a>
 */
public final class Refusal {
    /** The error codes RFC 6750 defines: only these are named in a {@code WWW-Authenticate: Bearer} challenge. */
    private static final Set<String> CHALLENGE_ERRORS = Set.of("invalid_request", "invalid_token", "insufficient_scope");
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Map<Reason, Refusal> BY_REASON = new EnumMap<>(Reason.class);
    private static final Refusal MISSING_TOKEN = new Refusal("missing_token", 401, null, null, null, null, Set.of());

    static {
        for (Reason reason : Reason.values()) {
            BY_REASON.put(reason, new Refusal(reason.code(), reason.httpStatus(), reason.errorCode(), reason.description(),
                    reason, null, Set.of()));
        }
    }

    private final String code;
    private final int status;
    private final String error;
    private final String description;
    private final Reason reason;
    private final Duration retryAfter;
    private final Set<String> requiredScopes;
    private final List<String> challenges;
    private final List<HttpAnswer.Header> headers;

    private Refusal(String code, int status, String error, String description, Reason reason, Duration retryAfter,
                    Set<String> requiredScopes) {
        this(code, status, error, description, reason, retryAfter, requiredScopes, List.of(), List.of());
    }

    private Refusal(String code, int status, String error, String description, Reason reason, Duration retryAfter,
                    Set<String> requiredScopes, List<String> challenges, List<HttpAnswer.Header> headers) {
        this.code = code;
        this.status = status;
        this.error = error;
        this.description = description;
        this.reason = reason;
        this.retryAfter = retryAfter;
        this.requiredScopes = requiredScopes;
        this.challenges = challenges;
        this.headers = headers;
    }

    /** The refusal for a validator {@link Reason}; its code is the reason's code. */
    public static Refusal of(Reason reason) {
        return BY_REASON.get(Objects.requireNonNull(reason, "reason"));
    }

    /** The refusal a {@link TokenValidationException} stands for, its required scopes included. */
    public static Refusal of(TokenValidationException failure) {
        Objects.requireNonNull(failure, "failure");
        return failure.reason() == Reason.INSUFFICIENT_SCOPE ? insufficientScope(failure.requiredScopes()) : of(failure.reason());
    }

    /**
     * 403 {@code insufficient_scope} naming {@code requiredScopes} (the challenge's {@code scope}
     * attribute, RFC 6750 section 3).
     */
    public static Refusal insufficientScope(Collection<String> requiredScopes) {
        Set<String> scopes = Set.copyOf(requiredScopes);
        return scopes.isEmpty() ? of(Reason.INSUFFICIENT_SCOPE) : new Refusal(Reason.INSUFFICIENT_SCOPE.code(), 403,
                Reason.INSUFFICIENT_SCOPE.errorCode(), Reason.INSUFFICIENT_SCOPE.description(), Reason.INSUFFICIENT_SCOPE,
                null, scopes);
    }

    /** A request without credentials: 401 with a challenge without {@code error} and an empty body (RFC 6750 section 3.1). */
    public static Refusal missingToken() {
        return MISSING_TOKEN;
    }

    /**
     * A refusal defined by another module, such as a failed token exchange.
     *
     * @param code stable snake_case code, e.g. {@code issuer_unavailable}
     * @param status the HTTP status, 400 to 599
     * @param error the OAuth error code ({@code invalid_token}, {@code bad_gateway},
     *     {@code temporarily_unavailable}, ...); the challenge names it only when RFC 6750 defines it
     * @param description fixed wording, printable ASCII, never anything a caller or another service sent
     * @throws IllegalArgumentException for a code that is not snake_case, a status outside 400-599,
     *     or text that is not printable ASCII
     */
    public static Refusal of(String code, int status, String error, String description) {
        if (!CODE.matcher(Objects.requireNonNull(code, "code")).matches()) {
            throw new IllegalArgumentException("a refusal code is snake_case");
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a refusal status is 400 to 599");
        }
        if (!CODE.matcher(Objects.requireNonNull(error, "error")).matches()) {
            throw new IllegalArgumentException("an OAuth error code is snake_case");
        }
        BearerChallenge.requirePrintable(Objects.requireNonNull(description, "description"), "description");
        return new Refusal(code, status, error, description, Reason.byCode(code), null, Set.of());
    }

    /**
     * A copy whose 503 answer says {@code Retry-After: retryAfter} (at least one second) instead of
     * the front door's default, e.g. what an unavailable issuer asked for.
     */
    public Refusal withRetryAfter(Duration retryAfter) {
        if (Objects.requireNonNull(retryAfter, "retryAfter").isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
        return new Refusal(code, status, error, description, reason, retryAfter, requiredScopes, challenges, headers);
    }

    /**
     * A copy whose answer carries {@code challenge} as a further {@code WWW-Authenticate} value
     * after the {@code Bearer} one, e.g. {@code DPoP algs="ES256", error="invalid_dpop_proof"}
     * (RFC 9449 section 7.1). The value must be fixed wording (printable ASCII).
     */
    public Refusal withChallenge(String challenge) {
        BearerChallenge.requirePrintable(challenge, "challenge");
        List<String> more = new ArrayList<>(challenges);
        more.add(challenge);
        return new Refusal(code, status, error, description, reason, retryAfter, requiredScopes, List.copyOf(more), headers);
    }

    /**
     * A copy whose answer also sets header {@code name} (e.g. {@code DPoP-Nonce}). Printable ASCII;
     * {@code WWW-Authenticate}, {@code Retry-After}, {@code Cache-Control} and {@code Content-Type}
     * are the front door's and cannot be given here.
     */
    public Refusal withHeader(String name, String value) {
        BearerChallenge.requirePrintable(name, "name");
        BearerChallenge.requirePrintable(value, "value");
        for (String own : List.of("WWW-Authenticate", "Retry-After", "Cache-Control", "Content-Type")) {
            if (own.equalsIgnoreCase(name)) {
                throw new IllegalArgumentException(own + " is set by the front door");
            }
        }
        List<HttpAnswer.Header> more = new ArrayList<>(headers);
        more.add(new HttpAnswer.Header(name, value));
        return new Refusal(code, status, error, description, reason, retryAfter, requiredScopes, challenges, List.copyOf(more));
    }

    /**
     * A copy whose {@code Bearer} challenge names {@code scopes} in its {@code scope} attribute,
     * whatever the refusal (e.g. a missing token on an MCP operation that needs them, so the client
     * knows what to ask for); an empty collection removes the attribute.
     *
     * @throws IllegalArgumentException for a scope that is blank, holds a space or is not printable ASCII
     */
    public Refusal withRequiredScopes(Collection<String> scopes) {
        for (String scope : scopes) {
            if (scope == null || scope.isBlank() || scope.indexOf(' ') >= 0 || scope.indexOf('"') >= 0 || scope.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("a scope must be one non-blank token without spaces or quotes");
            }
            BearerChallenge.requirePrintable(scope, "scope");
        }
        return new Refusal(code, status, error, description, reason, retryAfter, Set.copyOf(scopes), challenges, headers);
    }

    /** Further {@code WWW-Authenticate} values after the {@code Bearer} one; usually empty. */
    public List<String> challenges() {
        return challenges;
    }

    /** Further headers of the answer; usually empty. */
    public List<HttpAnswer.Header> headers() {
        return headers;
    }

    /** The stable snake_case code, such as {@code expired}, {@code missing_token} or {@code issuer_unavailable}. */
    public String code() {
        return code;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }

    /** The OAuth error code for the body; empty for {@link #missingToken()}, whose body is {@code {}}. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** Fixed wording for {@code error_description}; empty for {@link #missingToken()}. */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** The validator reason this refusal stands for, when it stands for one. */
    public Optional<Reason> reason() {
        return Optional.ofNullable(reason);
    }

    /** For a 503: the wait to announce instead of the default, when one was given. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * The scopes the resource requires, named in the challenge's {@code scope} attribute: those of
     * {@code insufficient_scope}, or any given by {@link #withRequiredScopes}; usually empty.
     */
    public Set<String> requiredScopes() {
        return requiredScopes;
    }

    /** Whether the challenge names the error: only for the codes RFC 6750 defines. */
    public boolean namedInChallenge() {
        return error != null && CHALLENGE_ERRORS.contains(error);
    }

    /** Whether the caller (its token or request) is at fault: 4xx, as opposed to this service or its dependencies. */
    public boolean isCallerFault() {
        return status < 500;
    }

    /**
     * The refusal an exception carries: its own, or that of the first of its causes that is a
     * {@link Carrier} (up to 16 deep). A {@link TokenValidationException} is not a carrier: a token
     * the application checked itself says nothing about the caller's request.
     */
    public static Optional<Refusal> carriedBy(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof Carrier carrier) {
                return Optional.of(carrier.refusal());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * An exception that stands for a refusal, so that any adapter can answer it without knowing
     * its type: the token exchange client's {@code TokenExchangeException} and
     * {@code UnknownDownstreamException} are carriers. Implementations are immutable.
     */
    public interface Carrier {
        /** The refusal to answer the request with. */
        Refusal refusal();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Refusal other && status == other.status && code.equals(other.code)
                && Objects.equals(error, other.error) && Objects.equals(description, other.description)
                && Objects.equals(retryAfter, other.retryAfter) && requiredScopes.equals(other.requiredScopes)
                && challenges.equals(other.challenges) && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, status, error, description, retryAfter, requiredScopes, challenges, headers);
    }

    @Override
    public String toString() {
        return "Refusal[" + code + ", " + status + (requiredScopes.isEmpty() ? "" : ", scopes=" + new TreeSet<>(requiredScopes)) + ']';
    }
}
