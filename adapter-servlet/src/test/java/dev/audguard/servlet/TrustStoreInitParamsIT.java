package dev.audguard.servlet;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.servlet.internal.InitParams;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A private CA configured from text (issue 16): keycloak.json's {@code truststore} and
 * {@code truststore-password}, as Keycloak's adapters read them, and the {@code truststore} init
 * parameters; over real HTTPS to the reference issuer with its own CA, which the JVM does not trust.
 */
class TrustStoreInitParamsIT {
    static final String PASSWORD = "q7-Secr3t-xz";

    @TempDir
    static Path dir;

    static ReferenceIssuer issuer;
    static RealmHandle demo;
    static Path trustStore;

    @BeforeAll
    static void start() throws Exception {
        issuer = ReferenceIssuer.builder().https().start();
        demo = issuer.realm("demo");
        KeyStore store = issuer.tls().trustStore();
        trustStore = dir.resolve("issuer-ca.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            store.store(out, PASSWORD.toCharArray());
        }
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    static Path keycloakJson(String name, String extraFields) throws Exception {
        String json = demo.keycloakJson("service-b");
        Path file = dir.resolve(name);
        Files.writeString(file, "{" + extraFields + json.strip().substring(1), StandardCharsets.UTF_8);
        return file;
    }

    static int statusWith(Map<String, String> params) {
        try (JettyServer jetty = JettyServer.start(JettyServer.App.configuredBy("/app", params))) {
            HttpResponse<String> response = Http.bearer(jetty.uri("/app/orders"), demo.mint().audience("service-b").sign());
            return response.statusCode();
        }
    }

    @Test
    void keycloakJsonTrustStoreLetsTheFilterFetchTheKeys() throws Exception {
        Path file = keycloakJson("with-truststore.json",
                "\"truststore\": \"" + trustStore + "\", \"truststore-password\": \"" + PASSWORD + "\", ");

        assertThat(statusWith(Map.of(InitParams.KEYCLOAK_CONFIG_FILE, file.toString()))).isEqualTo(200);
    }

    @Test
    void withoutATrustStoreTheKeysAreUnavailable() throws Exception {
        Path file = keycloakJson("without-truststore.json", "");

        assertThat(statusWith(Map.of(InitParams.KEYCLOAK_CONFIG_FILE, file.toString()))).isEqualTo(503);
    }

    @Test
    void theTrustStoreInitParameterWorksWithoutAKeycloakFile() {
        assertThat(statusWith(Map.of(InitParams.ISSUER, demo.issuerUrl(), InitParams.AUDIENCE, "service-b",
                InitParams.TRUSTSTORE, trustStore.toString(), InitParams.TRUSTSTORE_PASSWORD, PASSWORD))).isEqualTo(200);
    }

    @Test
    void aWrongPasswordNamesTheFieldAndNotThePassword() throws Exception {
        Path file = keycloakJson("wrong-password.json",
                "\"truststore\": \"" + trustStore + "\", \"truststore-password\": \"not-the-password\", ");

        assertThatThrownBy(() -> InitParams.read(Map.of(InitParams.KEYCLOAK_CONFIG_FILE, file.toString()), r -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("init parameter " + InitParams.KEYCLOAK_CONFIG_FILE)
                .hasMessageContaining("keycloak.json \"truststore\"")
                .hasMessageContaining(trustStore.toString())
                .hasMessageNotContaining("not-the-password");
        assertThatThrownBy(() -> InitParams.read(Map.of(InitParams.ISSUER, demo.issuerUrl(), InitParams.AUDIENCE, "service-b",
                InitParams.TRUSTSTORE, dir.resolve("missing.p12").toString()), r -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("init parameter truststore")
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> InitParams.read(Map.of(InitParams.ISSUER, demo.issuerUrl(), InitParams.AUDIENCE, "service-b",
                InitParams.TRUSTSTORE_PASSWORD, PASSWORD), r -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truststore-password is set without truststore")
                .hasMessageNotContaining(PASSWORD);
    }
}
