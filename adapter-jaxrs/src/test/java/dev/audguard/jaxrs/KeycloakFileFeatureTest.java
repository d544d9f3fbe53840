package dev.audguard.jaxrs;

import dev.audguard.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A feature from keycloak.json alone: plain HTTP needs the loudly named factory and the file's ssl-required none; refusals name them. */
class KeycloakFileFeatureTest {
    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("keycloak.json"), json);
    }

    @Test
    void byDefaultRefusesPlainHttpToAServerThatIsNotLoopbackNamingTheFactoryThatAllowsIt() throws IOException {
        Path file = file("""
                {"realm":"demo","auth-server-url":"http://keycloak:8080/","resource":"orders-api","ssl-required":"none"}""");

        assertThatThrownBy(() -> BearerTokenFeature.keycloak(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": \"auth-server-url\" (http://keycloak:8080/realms/demo) uses plain http to a host "
                        + "that is not loopback: keys would be fetched without TLS and could be replaced on the way. "
                        + "keycloak.json's \"ssl-required\": \"none\" is honoured only together with "
                        + "BearerTokenFeature.keycloakAllowingInsecureHttp(path) (instead of keycloak(path)). Fix: use "
                        + "https, or, only on a network you trust, use BearerTokenFeature.keycloakAllowingInsecureHttp(path) "
                        + "(instead of keycloak(path))");
    }

    @Test
    void explicitlyAllowsPlainHttpWithTheFactoryAndSslRequiredNoneAndWarns() throws IOException {
        Path file = file("""
                {"realm":"demo","auth-server-url":"http://keycloak:8080/","resource":"orders-api","ssl-required":"none"}""");
        String log = CapturedLog.during(() ->
                assertThat(BearerTokenFeature.keycloakAllowingInsecureHttp(file).toString()).contains("orders-api"));
        assertThat(log).contains("WARN").contains(
                "BearerTokenFeature.keycloakAllowingInsecureHttp(path): the keys of issuer http://keycloak:8080/realms/demo "
                        + "are fetched over plain HTTP");
    }

    @Test
    void theFactoryAloneIsRefusedWhenTheFileStillRequiresSsl() throws IOException {
        Path file = file("""
                {"realm":"demo","auth-server-url":"http://keycloak:8080/","resource":"orders-api"}""");

        assertThatThrownBy(() -> BearerTokenFeature.keycloakAllowingInsecureHttp(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BearerTokenFeature.keycloakAllowingInsecureHttp(path) contradicts keycloak.json "
                        + "\"ssl-required\": \"external\". Fix: set \"ssl-required\": \"none\" in keycloak.json as well to "
                        + "fetch keys over plain HTTP, or remove BearerTokenFeature.keycloakAllowingInsecureHttp(path)");
    }

    @Test
    void aFileWithoutResourceIsRefusedNamingTheField() throws IOException {
        Path file = file("""
                {"realm":"demo","auth-server-url":"https://idp.example.com/"}""");

        assertThatThrownBy(() -> BearerTokenFeature.keycloak(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": no audience: the file has no \"resource\", so a token minted for any other service "
                        + "would be accepted. Fix: set \"resource\" to this service's client id (with "
                        + "\"verify-token-audience\" true or absent), or build the validator in code with "
                        + "TokenValidator.builder().keycloak(config).audience(...) and use builder(validator)");
    }
}
