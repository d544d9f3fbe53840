package dev.audguard.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** keycloak.json's {@code truststore} and {@code truststore-password}: read, redacted, and named in errors. */
class KeycloakTrustStoreTest {
    private static final String PASSWORD = "z9-Hidden-Pw";

    private static KeycloakAdapterConfig config(String fields) {
        return KeycloakAdapterConfig.parse("{\"realm\": \"demo\", \"auth-server-url\": \"https://idp.example.com/\", "
                + "\"resource\": \"orders-api\"" + fields + "}");
    }

    @Test
    void theFieldsAreReadAndThePasswordNeverShown() {
        KeycloakAdapterConfig config = config(", \"truststore\": \"/etc/ca.p12\", \"truststore-password\": \"" + PASSWORD + "\"");

        assertThat(config.truststore()).contains("/etc/ca.p12");
        assertThat(config.truststorePassword()).contains(PASSWORD);
        assertThat(config.toString()).contains("/etc/ca.p12").doesNotContain(PASSWORD);
    }

    @Test
    void withoutATrustStoreTheJvmsCasApply() {
        assertThat(config("").trustStoreSslContext()).isEmpty();
    }

    @Test
    void anUnreadableTrustStoreNamesTheFieldAtBuild() {
        KeycloakAdapterConfig config = config(", \"truststore\": \"/nonexistent/ca.p12\", \"truststore-password\": \"" + PASSWORD + "\"");

        assertThatThrownBy(() -> TokenValidator.builder().keycloak(config).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keycloak.json \"truststore\" (/nonexistent/ca.p12)")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> config(", \"truststore\": 7"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truststore");
    }
}
