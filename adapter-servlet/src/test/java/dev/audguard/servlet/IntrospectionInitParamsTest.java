package dev.audguard.servlet;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.audguard.servlet.internal.InitParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The introspection init parameters: what turns it on, and every way they can be wrong, naming the parameter. */
class IntrospectionInitParamsTest {
    private static final String ISSUER = "https://idp.example.com/realms/demo";
    private static final Function<String, String> NO_RESOURCES = path -> {
        throw new IllegalArgumentException("no " + path);
    };

    private static Map<String, String> params(String... pairs) {
        Map<String, String> params = new HashMap<>(Map.of("issuer", ISSUER, "audience", "orders-api"));
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return params;
    }

    private static void read(Map<String, String> params) {
        InitParams.read(params, NO_RESOURCES).frontDoor();
    }

    @Test
    void eachModeWithASecretOrAKeyBuildsWithoutTouchingTheNetwork(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("client.jwk"), new RSAKeyGenerator(2048).keyID("k1").generate().toJSONString());
        for (String mode : new String[] {"opaque-tokens", "every-token", "jwt-then-introspect"}) {
            read(params("introspection", mode, "introspection-client-id", "orders-api", "introspection-client-secret", "s3cr3t"));
        }
        read(params("introspection", "every-token", "introspection-endpoint", ISSUER + "/protocol/openid-connect/token/introspect",
                "introspection-client-id", "orders-api", "introspection-client-auth", "client_secret_post",
                "introspection-client-secret", "s3cr3t", "introspection-max-cache-seconds", "0"));
        read(params("introspection", "every-token", "introspection-client-id", "orders-api",
                "introspection-client-auth", "private_key_jwt", "introspection-private-key-file", key.toString()));
    }

    @Test
    void theKeycloakFilesResourceAndCredentialsSecretAreTheIntrospectingClient(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keycloak.json"), "{\"realm\":\"demo\",\"auth-server-url\":\"https://idp.example.com\","
                + "\"resource\":\"orders-api\",\"credentials\":{\"secret\":\"s3cr3t\"}}");
        read(Map.of("keycloak-config-file", file.toString(), "introspection", "jwt-then-introspect"));
        Path withoutSecret = Files.writeString(dir.resolve("no-secret.json"),
                "{\"realm\":\"demo\",\"auth-server-url\":\"https://idp.example.com\",\"resource\":\"orders-api\"}");
        assertThatThrownBy(() -> read(Map.of("keycloak-config-file", withoutSecret.toString(), "introspection", "every-token")))
                .hasMessageStartingWith("init parameter introspection-client-secret is missing and keycloak.json has no \"credentials\"");
    }

    @Test
    void refusesWhatItCannotUseNamingTheParameterAndNeverTheSecret(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> read(params("introspection", "always")))
                .hasMessage("init parameter introspection must be opaque-tokens, every-token or jwt-then-introspect (it is \"always\")");
        assertThatThrownBy(() -> read(params("introspection-client-secret", "s3cr3t")))
                .hasMessageStartingWith("init parameter introspection-client-secret is set but introspection is off")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> read(params("introspection", "every-token", "introspection-client-secret", "s3cr3t")))
                .hasMessageStartingWith("init parameter introspection-client-id is missing");
        assertThatThrownBy(() -> read(params("introspection", "every-token", "introspection-client-id", "orders-api")))
                .hasMessageStartingWith("init parameter introspection-client-secret is missing");
        assertThatThrownBy(() -> read(params("introspection", "every-token", "introspection-client-id", "orders-api",
                "introspection-client-secret", "s3cr3t", "introspection-client-auth", "tls_client_auth")))
                .hasMessageStartingWith("init parameter introspection-client-auth must be");
        assertThatThrownBy(() -> read(params("introspection", "every-token", "introspection-client-id", "orders-api",
                "introspection-client-auth", "private_key_jwt", "introspection-client-secret", "s3cr3t")))
                .hasMessageStartingWith("init parameter introspection-client-secret does not apply").hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> read(params("introspection", "every-token", "introspection-client-id", "orders-api",
                "introspection-client-auth", "private_key_jwt")))
                .hasMessageStartingWith("init parameter introspection-private-key-file is missing");
        Path missing = dir.resolve("absent.jwk");
        assertThatThrownBy(() -> read(params("introspection", "every-token", "introspection-client-id", "orders-api",
                "introspection-client-auth", "private_key_jwt", "introspection-private-key-file", missing.toString())))
                .hasMessage("init parameter introspection-private-key-file (" + missing + "): cannot read the file");
        Path publicOnly = Files.writeString(dir.resolve("public.jwk"),
                new RSAKeyGenerator(2048).generate().toPublicJWK().toJSONString());
        assertThatThrownBy(() -> read(params("introspection", "every-token", "introspection-client-id", "orders-api",
                "introspection-client-auth", "private_key_jwt", "introspection-private-key-file", publicOnly.toString())))
                .hasMessageContaining("the JWK holds no private key");
        assertThatThrownBy(() -> read(params("introspection", "every-token", "introspection-client-id", "orders-api",
                "introspection-client-secret", "s3cr3t", "introspection-private-key-file", publicOnly.toString())))
                .hasMessageStartingWith("init parameter introspection-private-key-file applies to introspection-client-auth=private_key_jwt");
        assertThatThrownBy(() -> read(params("introspection", "every-token", "introspection-client-id", "orders-api",
                "introspection-client-secret", "s3cr3t", "introspection-max-cache-seconds", "-1")))
                .hasMessageStartingWith("init parameter introspection-max-cache-seconds must be a whole number");
        assertThatThrownBy(() -> read(params("introspection", "every-token", "introspection-client-id", "orders-api",
                "introspection-client-secret", "s3cr3t", "introspection-endpoint", "http://idp.example.com/introspect")))
                .hasMessageStartingWith("init parameter introspection-endpoint: ").hasMessageNotContaining("s3cr3t");
        assertThat(InitParams.INTROSPECTION).isEqualTo("introspection");
    }
}
