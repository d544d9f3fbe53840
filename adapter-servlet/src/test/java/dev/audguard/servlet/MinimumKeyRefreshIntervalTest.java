package dev.audguard.servlet;

import dev.audguard.servlet.internal.InitParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code min-time-between-jwks-requests: 0} turned the unknown-{@code kid} throttle off (issue 13
 * item 5): a {@code keycloak.json} given through init parameters below the 1 s minimum fails at
 * start-up, naming the init parameter, the file and the field.
 */
class MinimumKeyRefreshIntervalTest {
    private static final String KEYCLOAK_JSON = "{\"realm\":\"demo\",\"auth-server-url\":\"https://idp.example.com\","
            + "\"resource\":\"orders-api\",\"min-time-between-jwks-requests\":%d}";

    @Test
    void aKeycloakFileWithoutAMinimumIntervalIsRefusedNamingTheParameterAndTheField(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("keycloak.json"), KEYCLOAK_JSON.formatted(0));

        assertThatThrownBy(() -> InitParams.read(Map.of("keycloak-config-file", file.toString()), path -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("init parameter keycloak-config-file")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("\"min-time-between-jwks-requests\" must be at least 1");
    }

    @Test
    void aWebApplicationKeycloakFileWithoutAMinimumIntervalIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> InitParams.read(Map.of("keycloak-config-resource", "/WEB-INF/keycloak.json"),
                path -> KEYCLOAK_JSON.formatted(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("init parameter keycloak-config-resource (/WEB-INF/keycloak.json)")
                .hasMessageContaining("\"min-time-between-jwks-requests\" must be at least 1");
    }

    @Test
    void oneSecondIsAccepted() {
        assertThat(InitParams.read(Map.of("keycloak-config-resource", "/WEB-INF/keycloak.json"),
                path -> KEYCLOAK_JSON.formatted(1)).frontDoor().validator().issuers())
                .containsExactly("https://idp.example.com/realms/demo");
    }
}
