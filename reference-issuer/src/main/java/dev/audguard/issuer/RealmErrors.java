package dev.audguard.issuer;

import dev.audguard.issuer.internal.InjectedErrors;

import java.util.Objects;

/**
 * OAuth error answers on demand, beside the HTTP-level {@link RealmFaults}: the next request to an
 * endpoint, or every request that presents one token, gets the {@link OAuthError} given instead of
 * its normal answer (after any fault, before any other check). Cleared by {@link #clear()} and by
 * the JUnit extension after each test. Also over HTTP:
 * {@code POST {issuer}/testing/errors/{token|introspection|userinfo|revocation|logout}?error=..&error_description=..&status=..[&times=N]},
 * {@code POST {issuer}/testing/errors/for-token} (form: {@code token}, {@code error}, ...),
 * {@code DELETE {issuer}/testing/errors}.
 *
 * <pre>{@code
 * demo.errors().nextRequest(IssuerEndpoint.TOKEN, OAuthError.invalidGrant("Token is not active"));
 * demo.errors().forToken(subjectToken, OAuthError.of(400, "invalid_request", "Invalid token"));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class RealmErrors {

    private final InjectedErrors errors;

    RealmErrors(InjectedErrors errors) {
        this.errors = errors;
    }

    /** The next request to {@code endpoint} gets {@code error}. */
    public RealmErrors nextRequest(IssuerEndpoint endpoint, OAuthError error) {
        return nextRequests(endpoint, error, 1);
    }

    /** The next {@code times} requests to {@code endpoint} get {@code error}. */
    public RealmErrors nextRequests(IssuerEndpoint endpoint, OAuthError error, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        errors.nextRequests(Objects.requireNonNull(endpoint, "endpoint"), Objects.requireNonNull(error, "error"), times);
        return this;
    }

    /**
     * Every request presenting {@code token} (as {@code token}, {@code refresh_token},
     * {@code subject_token}, {@code actor_token}, {@code code}, {@code access_token} or a bearer
     * header), at any endpoint, gets {@code error} until cleared. Only the token's SHA-256 is kept.
     */
    public RealmErrors forToken(String token, OAuthError error) {
        errors.forToken(Objects.requireNonNull(token, "token"), Objects.requireNonNull(error, "error"));
        return this;
    }

    /** Normal answers again. */
    public void clear() {
        errors.clear();
    }
}
