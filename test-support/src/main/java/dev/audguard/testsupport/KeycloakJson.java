package dev.audguard.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code keycloak.json} Keycloak's admin console offers for a bearer-only resource server (its
 * OIDC adapter format), written for tests of the adapters that read one. Stateless; thread-safe.
 */
public final class KeycloakJson {
    private KeycloakJson() {
    }

    /**
     * Writes {@code dir/keycloak.json} for {@code resource} in the realm of {@code issuerUrl} (a
     * Keycloak-style {@code <base>/realms/<realm>} URL), with role mappings by resource, the
     * {@code preferred_username} principal, {@code ssl-required: external} and a client secret a
     * resource server never uses.
     *
     * @return the file written
     */
    public static Path write(Path dir, String issuerUrl, String resource) throws IOException {
        int realms = issuerUrl.indexOf("/realms/");
        if (realms < 0) {
            throw new IllegalArgumentException("not a <base>/realms/<realm> issuer URL: " + issuerUrl);
        }
        return Files.writeString(dir.resolve("keycloak.json"), """
                {
                  "realm": "%s",
                  "auth-server-url": "%s",
                  "ssl-required": "external",
                  "resource": "%s",
                  "use-resource-role-mappings": true,
                  "principal-attribute": "preferred_username",
                  "bearer-only": true,
                  "credentials": { "secret": "unused-by-a-resource-server" }
                }
                """.formatted(issuerUrl.substring(realms + "/realms/".length()), issuerUrl.substring(0, realms), resource));
    }
}
