package dev.audguard.servlet;

import dev.audguard.issuer.Realm;

/**
 * A realm named {@code demo} that fits the README's examples: {@code web} gets tokens for
 * {@code orders-api}; its optional scope {@code reports:read} adds the audience
 * {@code reports-api}; carol holds the realm role {@code viewer}, dave holds nothing.
 */
final class ReadmeRealm {
    static final Realm DEMO = Realm.builder("demo")
            .clientScope("reports:read", s -> s.audienceMapper("reports-api"))
            .client("web", c -> c.secret("web-secret").directAccessGrants().audienceMapper("orders-api")
                    .optionalScopes("reports:read"))
            .client("orders-api", c -> c.bearerOnly())
            .client("reports-api", c -> c.bearerOnly())
            .realmRole("viewer")
            .user("carol", u -> u.password("carol").realmRoles("viewer"))
            .user("dave", u -> u.password("dave"))
            .build();

    static final String README_ISSUER = "https://idp.example.com/realms/demo";

    private ReadmeRealm() {
    }
}
