package dev.audguard.spring;

import dev.audguard.issuer.RealmHandle;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the introspection ITs of both Spring stacks share: alice's opaque token from the reference
 * issuer, and the challenge of an answer. Public so that the reactive package's tests can use it too.
 */
public final class OpaqueTokens {
    private OpaqueTokens() {
    }

    /** Alice's access token from the password grant of {@code client}, asserted to be opaque (not a JWT). */
    public static String alice(RealmHandle realm, String client, String secret) {
        String token = realm.passwordGrant(client, secret, "alice", "alice").accessToken();
        assertThat(token).as("an opaque token").doesNotContain(".");
        return token;
    }

    /** The {@code WWW-Authenticate} header of {@code response}; empty when there is none. */
    public static String challenge(HttpResponse<String> response) {
        return response.headers().firstValue("WWW-Authenticate").orElse("");
    }
}
