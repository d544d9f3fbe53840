package dev.audguard.issuer.internal;

import dev.audguard.issuer.internal.RealmModel.Client;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Realm-level settings that change tokens: the signature algorithms the issuer can use, the
 * settings it does not model (reported at start-up so that a test cannot silently differ from
 * production), and the Keycloak 25 {@code basic}-scope rule for {@code sub}.
 *
 * <p>Stateless and thread-safe.
 */
final class RealmSettings {

    static final List<String> SIGNATURE_ALGORITHMS = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512");

    /** Realm keys that change tokens or their lifetimes, with Keycloak's defaults: a value that differs is reported. */
    private static final Map<String, Object> UNMODELLED = Map.of(
            "clientSessionIdleTimeout", 0L,
            "clientSessionMaxLifespan", 0L,
            "offlineSessionIdleTimeout", 2_592_000L,
            "offlineSessionMaxLifespanEnabled", Boolean.FALSE,
            "ssoSessionIdleTimeoutRememberMe", 0L,
            "ssoSessionMaxLifespanRememberMe", 0L,
            "accessTokenLifespanForImplicitFlow", 900L);

    private RealmSettings() {
    }

    static void reportUnmodelled(Node root, Set<String> ignored) {
        UNMODELLED.forEach((key, keycloakDefault) -> {
            Node v = root.get(key);
            if (v.present() && !Objects.equals(normalise(v.raw()), keycloakDefault)) {
                ignored.add("realm setting " + key + " (the issuer keeps Keycloak's default)");
            }
        });
        String frontendUrl = root.get("attributes").get("frontendUrl").string(null);
        if (frontendUrl != null && !frontendUrl.isBlank()) {
            ignored.add("realm attribute frontendUrl (use ReferenceIssuer.Builder.frontendUrl for iss)");
        }
        boolean keyProviders = root.get("components").get("org.keycloak.keys.KeyProvider").items().stream()
                .anyMatch(Node::present);
        if (keyProviders) {
            ignored.add("realm key providers (components): keys are generated per run or given with ReferenceIssuer.Builder.signingKey");
        }
        if (!root.get("clientPolicies").get("policies").items().isEmpty()) {
            ignored.add("client policies (clientPolicies)");
        }
        if (!root.get("clientProfiles").get("profiles").items().isEmpty()) {
            ignored.add("client profiles (clientProfiles)");
        }
    }

    private static Object normalise(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if ("true".equals(v) || "false".equals(v)) {
            return Boolean.valueOf((String) v);
        }
        return v;
    }

    /** Since Keycloak 25 only the {@code basic} scope's sub mapper writes {@code sub}; a client without it gets none. */
    static void noticeMissingSub(ImportState state) {
        for (Client client : state.clients.values()) {
            if (client.bearerOnly() || client.clientId().equals("account") || writesSub(state, client)) {
                continue;
            }
            state.notices.add("client " + client.clientId() + ": no default client scope writes 'sub' (Keycloak 25 and later: "
                    + "the 'basic' scope does), so its access tokens carry no sub; add 'basic' to its default client scopes");
        }
    }

    private static boolean writesSub(ImportState state, Client client) {
        if (client.mappers().stream().anyMatch(m -> "oidc-sub-mapper".equals(m.type()) && m.inAccessToken())) {
            return true;
        }
        return client.defaultScopes().stream().map(state.scopes::get).filter(Objects::nonNull)
                .anyMatch(s -> s.mappers().stream().anyMatch(m -> "oidc-sub-mapper".equals(m.type()) && m.inAccessToken()));
    }
}
