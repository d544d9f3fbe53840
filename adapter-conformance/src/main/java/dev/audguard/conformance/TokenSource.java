package dev.audguard.conformance;

import dev.audguard.issuer.RealmHandle;

import java.util.Objects;

/**
 * Where the conformance kit gets a real access token: a grant against a realm of the running
 * reference issuer, over HTTP, the way a client of the service gets one.
 *
 * <pre>{@code
 * TokenSource alice = TokenSource.passwordGrant("service-a", "a-secret", "alice", "alice");
 * TokenSource serviceC = TokenSource.exchange(alice, "service-b", "b-secret", "service-c");
 * }</pre>
 *
 * <p>Implementations must be thread-safe; the factories here are.
 */
@FunctionalInterface
public interface TokenSource {

    /**
     * Obtains an access token from {@code realm}.
     *
     * @throws dev.audguard.issuer.TokenRequestException when the token endpoint refuses the request
     */
    String token(RealmHandle realm);

    /** The password grant (RFC 6749 section 4.3) of {@code clientId} for a user, with optional scopes. */
    static TokenSource passwordGrant(String clientId, String clientSecret, String username, String password,
                                     String... scopes) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        String[] copy = scopes.clone();
        return realm -> realm.passwordGrant(clientId, clientSecret, username, password, copy).accessToken();
    }

    /** The client-credentials grant (RFC 6749 section 4.4) of {@code clientId}'s service account. */
    static TokenSource clientCredentials(String clientId, String clientSecret, String... scopes) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        String[] copy = scopes.clone();
        return realm -> realm.clientCredentials(clientId, clientSecret, copy).accessToken();
    }

    /**
     * {@code subject}'s token exchanged (RFC 8693) by {@code clientId} for {@code audiences} (none:
     * the requester's own).
     */
    static TokenSource exchange(TokenSource subject, String clientId, String clientSecret, String... audiences) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        String[] copy = audiences.clone();
        return realm -> realm.exchange(clientId, clientSecret, subject.token(realm), copy).accessToken();
    }
}
