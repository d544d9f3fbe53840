package dev.audguard.issuer.internal;

import dev.audguard.issuer.ResourceParameter;
import dev.audguard.issuer.internal.Claims.Evaluation;
import dev.audguard.issuer.internal.RealmModel.Client;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 8707 {@code resource} values applied to an evaluated token, in the mode the issuer was
 * started with ({@link ResourceParameter}).
 *
 * <p>Stateless and thread-safe.
 */
public final class Resources {

    private static final String CLIENT_URN = "urn:client:";

    private Resources() {
    }

    /** The audience the resources leave; unchanged when there are none or they are ignored. */
    public static Evaluation apply(RealmRuntime rt, Evaluation e, List<String> resources) {
        ResourceParameter mode = rt.resourceParameter();
        if (mode == ResourceParameter.IGNORED || resources.isEmpty()) {
            return e;
        }
        Map<String, List<String>> audience = new LinkedHashMap<>();
        for (String resource : resources) {
            check(resource, mode);
            Client client = target(rt.model(), resource, mode)
                    .orElseThrow(() -> invalidTarget("Invalid resource: no client of this realm stands for it"));
            List<String> why = e.audience().get(client.clientId());
            if (why == null) {
                throw invalidTarget("Requested resource is not in the audience the client may get");
            }
            List<String> reasons = new ArrayList<>(why);
            reasons.add("kept by the resource parameter (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")");
            audience.put(mode == ResourceParameter.STRICT_RFC8707 ? resource : client.clientId(), reasons);
        }
        return e.withAudience(audience);
    }

    /**
     * The resources a later request of a grant may give: none (keep the original) or the same.
     *
     * @throws OAuthException {@code invalid_target} for other values
     */
    public static List<String> carried(RealmRuntime rt, List<String> original, List<String> requested) {
        if (rt.resourceParameter() == ResourceParameter.IGNORED || requested.isEmpty()) {
            return original;
        }
        if (!original.isEmpty() && !original.equals(requested)) {
            throw invalidTarget("Requested resource differs from the one the grant was given");
        }
        return requested;
    }

    private static void check(String resource, ResourceParameter mode) {
        if (mode == ResourceParameter.KEYCLOAK_RESOURCE_INDICATORS && resource.startsWith(CLIENT_URN)) {
            if (resource.length() == CLIENT_URN.length()) {
                throw invalidTarget("Invalid resource");
            }
            return;
        }
        URI uri;
        try {
            uri = new URI(resource);
        } catch (java.net.URISyntaxException ex) {
            throw invalidTarget("Invalid resource");
        }
        boolean queryForbidden = mode == ResourceParameter.KEYCLOAK_RESOURCE_INDICATORS;
        if (!uri.isAbsolute() || uri.getRawFragment() != null || queryForbidden && uri.getRawQuery() != null) {
            throw invalidTarget("Invalid resource");
        }
    }

    private static Optional<Client> target(RealmModel realm, String resource, ResourceParameter mode) {
        if (mode == ResourceParameter.KEYCLOAK_RESOURCE_INDICATORS && resource.startsWith(CLIENT_URN)) {
            return realm.client(resource.substring(CLIENT_URN.length())).filter(Client::enabled);
        }
        return realm.clients().values().stream().filter(Client::enabled)
                .filter(c -> resource.equals(c.attribute("resource_url"))).findFirst();
    }

    private static OAuthException invalidTarget(String description) {
        return new OAuthException(400, "invalid_target", description);
    }
}
