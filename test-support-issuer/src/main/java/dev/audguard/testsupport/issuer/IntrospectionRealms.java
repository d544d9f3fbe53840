package dev.audguard.testsupport.issuer;

import dev.audguard.issuer.Realm;

/**
 * Realms for the introspection tests (RFC 7662) of the reactive stack. Stateless; thread-safe.
 */
public final class IntrospectionRealms {
    private IntrospectionRealms() {
    }

    /**
     * A realm {@code demo} whose client {@code caller} (secret {@code caller-secret}, password grants)
     * gets opaque access tokens for the audience {@code reactive-service}, which may introspect them
     * with the secret {@code reactive-secret}; user {@code alice}, password {@code alice}.
     */
    public static Realm opaqueTokensForReactiveService() {
        return Realm.builder("demo")
                .client("caller", c -> c.secret("caller-secret").directAccessGrants().audienceMapper("reactive-service")
                        .attribute("reference-issuer.opaque.access.token", "true"))
                .client("reactive-service", c -> c.secret("reactive-secret"))
                .user("alice", u -> u.password("alice"))
                .build();
    }
}
