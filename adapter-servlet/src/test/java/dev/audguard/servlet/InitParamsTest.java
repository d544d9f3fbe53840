package dev.audguard.servlet;

import dev.audguard.core.ProtectedResource;
import dev.audguard.core.AudienceMatch;
import dev.audguard.core.AudienceRule;
import dev.audguard.core.Requirements;
import dev.audguard.servlet.internal.InitParams;
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
        return InitParams.read(params, NO_RESOURCES).resource();
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
                        : null).resource();

        assertThat(settings.validator().issuers()).containsExactly(ISSUER);
    }

    @Test
    void refusesEveryIncompleteOrContradictoryConfiguration() {
        assertThatThrownBy(() -> read(Map.of())).hasMessageContaining("give issuer and audience");
        assertThatThrownBy(() -> read(Map.of("issuer", ISSUER))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("audience");
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
}
