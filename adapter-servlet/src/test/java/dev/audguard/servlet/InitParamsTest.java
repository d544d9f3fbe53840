package dev.audguard.servlet;

import dev.audguard.core.ProtectedResource;
import dev.audguard.core.AudienceMatch;
import dev.audguard.core.AudienceRule;
import dev.audguard.core.Requirements;
import dev.audguard.servlet.internal.InitParams;
import dev.audguard.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The web.xml route: init parameters to filter settings, and every way they can be wrong. */
class InitParamsTest {
    private static final String ISSUER = "https://idp.example.com/realms/demo";
    private static final Function<String, String> NO_RESOURCES = path -> {
        throw new IllegalArgumentException("no " + path);
    };

    private static ProtectedResource read(Map<String, String> params) {
        return InitParams.read(params, NO_RESOURCES).frontDoor();
    }

    @Test
    void issuerAudienceAndPathRulesConfigureTheFilter() {
        ProtectedResource settings = read(Map.of(
                "issuer", ISSUER,
                "audience", "orders-api, orders-api-v2",
                "unprotected-paths", "/health, /public/*",
                "path-rules", """
                        /reports/*  audience=reports-api scopes=read,export

                        /admin/*    audience=orders-api,admin-api audience-match=all
                        *.json      scopes=json
                        /open/*     unprotected
                        """,
                "principal-claim", "preferred_username",
                "roles-client", "orders-api",
                "realm", "orders",
                "retry-after-seconds", "5"));

        assertThat(settings.validator().issuers()).containsExactly(ISSUER);
        assertThat(settings.ruleFor("/health").isUnprotected()).isTrue();
        assertThat(settings.ruleFor("/public/x").isUnprotected()).isTrue();
        assertThat(settings.ruleFor("/open/x").isUnprotected()).isTrue();
        assertThat(settings.ruleFor("/reports/x").requirements())
                .isEqualTo(Requirements.audience(AudienceRule.anyOf("reports-api")).withScopes(List.of("read", "export")));
        assertThat(settings.ruleFor("/admin/x").requirements())
                .isEqualTo(Requirements.audience(new AudienceRule(Set.of("orders-api", "admin-api"), AudienceMatch.ALL_OF)));
        assertThat(settings.ruleFor("/a.json").requirements()).isEqualTo(Requirements.scopes("json"));
        assertThat(settings.ruleFor("/orders").requirements()).isEqualTo(Requirements.none());
        assertThat(settings.principalClaim()).isEqualTo("preferred_username");
        assertThat(settings.rolesClient()).contains("orders-api");
        assertThat(settings.challenge().forMissingToken().wwwAuthenticate()).isEqualTo("Bearer realm=\"orders\"");
    }

    @Test
    void aKeycloakFileConfiguresValidatorPrincipalAndRoles(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("keycloak.json"), """
                {"realm":"demo","auth-server-url":"https://idp.example.com/","resource":"reports-api",
                 "use-resource-role-mappings":true,"principal-attribute":"preferred_username",
                 "credentials":{"secret":"not-read"}}""");

        ProtectedResource settings = read(Map.of("keycloak-config-file", file.toString()));

        assertThat(settings.validator().issuers()).containsExactly(ISSUER);
        assertThat(settings.principalClaim()).isEqualTo("preferred_username");
        assertThat(settings.rolesClient()).contains("reports-api");
        assertThat(settings.challenge().forMissingToken().wwwAuthenticate()).isEqualTo("Bearer realm=\"demo\"");
    }

    @Test
    void aKeycloakFileCanComeFromTheWebApplication() {
        ProtectedResource settings = InitParams.read(Map.of("keycloak-config-resource", "/WEB-INF/keycloak.json"),
                path -> path.equals("/WEB-INF/keycloak.json")
                        ? "{\"realm\":\"demo\",\"auth-server-url\":\"https://idp.example.com\",\"resource\":\"orders-api\"}"
                        : null).frontDoor();

        assertThat(settings.validator().issuers()).containsExactly(ISSUER);
    }

    @Test
    void refusesEveryIncompleteOrContradictoryConfiguration() {
        assertThatThrownBy(() -> read(Map.of())).hasMessageContaining("give issuer and audience");
        assertThatThrownBy(() -> read(Map.of("issuer", ISSUER))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("init parameter audience is missing: without it a token minted for any other service "
                        + "would be accepted. Fix: set audience to this service's client id");
        assertThatThrownBy(() -> read(Map.of("issuer", ISSUER, "audiance", "x")))
                .hasMessageContaining("unknown init parameter audiance");
        assertThatThrownBy(() -> read(Map.of("issuer", ISSUER, "keycloak-config-resource", "/WEB-INF/keycloak.json")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read(Map.of("keycloak-config-file", "a", "keycloak-config-resource", "b")))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> read(Map.of("issuer", ISSUER, "audience", "a", "retry-after-seconds", "soon")))
                .hasMessageContaining("retry-after-seconds");
        assertThatThrownBy(() -> read(Map.of("issuer", ISSUER, "audience", "a", "unprotected-paths", "health")))
                .hasMessageContaining("not a servlet URL pattern");
    }

    @Test
    void refusesPathRulesItCannotRead() {
        Map<String, String> base = Map.of("issuer", ISSUER, "audience", "a");
        for (String[] bad : new String[][] {
                {"/a/* audiences=x", "line 1: unknown option audiences"},
                {"\n/a/* scopes=", "line 2: scopes needs a value"},
                {"/a/* audience-match=some audience=x", "audience-match must be any or all"},
                {"/a/* audience-match=all", "audience-match needs audience"},
                {"/a/* unprotected scopes=x", "an unprotected path takes no audience or scopes"},
                {"/a/*\n/a/*", "line 2: the pattern /a/* already has a rule"},
                {"/a/* scopes=a b", "unknown option b"}}) {
            Map<String, String> params = new java.util.HashMap<>(base);
            params.put("path-rules", bad[0]);
            assertThatThrownBy(() -> read(params)).as(bad[0]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad[1]);
        }
    }

    @Test
    void byDefaultRefusesPlainHttpToAnIssuerThatIsNotLoopbackNamingTheInitParameter() {
        assertThatThrownBy(() -> read(Map.of("issuer", "http://keycloak:8080/realms/demo", "audience", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("init parameter issuer (http://keycloak:8080/realms/demo) uses plain http to a host that is "
                        + "not loopback: keys would be fetched without TLS and could be replaced on the way. Fix: use "
                        + "https, or, only on a network you trust, use init parameter allow-insecure-http=true");
        assertThatThrownBy(() -> read(Map.of("issuer", ISSUER, "audience", "a", "jwks-uri", "http://keycloak:8080/certs")))
                .hasMessageStartingWith("init parameter jwks-uri (http://keycloak:8080/certs) uses plain http");
    }

    @Test
    void explicitlyAllowsPlainHttpWithAllowInsecureHttpAndWarnsNamingOptionAndIssuer() throws Exception {
        CapturedLog.Captured<ProtectedResource> started = CapturedLog.around(() -> read(Map.of(
                "issuer", "http://keycloak:8080/realms/demo", "audience", "a", "allow-insecure-http", "true")));

        assertThat(started.result().validator().issuers()).containsExactly("http://keycloak:8080/realms/demo");
        assertThat(started.text()).contains("WARN").contains(
                "init parameter allow-insecure-http=true: the keys of issuer http://keycloak:8080/realms/demo are "
                        + "fetched over plain HTTP from http://keycloak:8080/realms/demo");
    }

    @Test
    void refusesAnExplainRefusalsValueThatIsNotTrueOrFalse() {
        assertThatThrownBy(() -> read(Map.of("issuer", ISSUER, "audience", "a", "explain-refusals", "on")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("init parameter explain-refusals must be true or false. Fix: write "
                        + "explain-refusals=true to switch it on, or remove the parameter");
    }

    @Test
    void refusesAnAllowInsecureHttpValueThatIsNotTrueOrFalse() {
        assertThatThrownBy(() -> read(Map.of("issuer", ISSUER, "audience", "a", "allow-insecure-http", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("init parameter allow-insecure-http must be true or false. Fix: write "
                        + "allow-insecure-http=true to switch it on, or remove the parameter");
        assertThatThrownBy(() -> read(Map.of("issuer", "http://keycloak:8080/realms/demo", "audience", "a",
                "allow-insecure-http", "false"))).hasMessageContaining("uses plain http");
    }

    @Test
    void keycloakSslRequiredNoneAloneDoesNotAllowPlainHttp(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("keycloak.json"), """
                {"realm":"demo","auth-server-url":"http://keycloak:8080/","resource":"reports-api","ssl-required":"none"}""");

        assertThatThrownBy(() -> read(Map.of("keycloak-config-file", file.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("init parameter keycloak-config-file: keycloak.json \"auth-server-url\" "
                        + "(http://keycloak:8080/realms/demo) uses plain http to a host that is not loopback: keys would be "
                        + "fetched without TLS and could be replaced on the way. keycloak.json's \"ssl-required\": \"none\" "
                        + "is honoured only together with init parameter allow-insecure-http=true. Fix: use https, or, only "
                        + "on a network you trust, use init parameter allow-insecure-http=true");
        ProtectedResource settings = read(Map.of("keycloak-config-file", file.toString(), "allow-insecure-http", "true"));
        assertThat(settings.validator().issuers()).containsExactly("http://keycloak:8080/realms/demo");
    }

    @Test
    void allowInsecureHttpNeedsKeycloakSslRequiredNone(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("keycloak.json"), """
                {"realm":"demo","auth-server-url":"http://keycloak:8080/","resource":"reports-api"}""");

        assertThatThrownBy(() -> read(Map.of("keycloak-config-file", file.toString(), "allow-insecure-http", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("init parameter allow-insecure-http=true contradicts keycloak.json \"ssl-required\": "
                        + "\"external\". Fix: set \"ssl-required\": \"none\" in keycloak.json as well to fetch keys over "
                        + "plain HTTP, or remove init parameter allow-insecure-http=true");
    }

    @Test
    void aKeycloakFileWithoutResourceIsRefusedNamingTheField(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("keycloak.json"), """
                {"realm":"demo","auth-server-url":"https://idp.example.com/"}""");

        assertThatThrownBy(() -> read(Map.of("keycloak-config-file", file.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no audience: keycloak.json has no \"resource\", so a token minted for any other service "
                        + "would be accepted. Fix: set \"resource\" in keycloak.json (with \"verify-token-audience\" "
                        + "true or absent), or the init parameter audience, to this service's client id");
    }

    @Test
    void anIssuerOrJwksUriThatIsNotAnAbsoluteUrlIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> read(Map.of("issuer", "idp.example.com/realms/demo", "audience", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("init parameter issuer (idp.example.com/realms/demo) is not an absolute https URL. "
                        + "Fix: write it as https://host[:port]/path");
        assertThatThrownBy(() -> read(Map.of("issuer", ISSUER, "audience", "a", "jwks-uri", "ftp://idp.example.com/certs")))
                .hasMessage("init parameter jwks-uri (ftp://idp.example.com/certs) is not an absolute https URL. "
                        + "Fix: write it as https://host[:port]/path");
    }
}
