package dev.audguard.spring;

import dev.audguard.spring.server.AudguardJwtDecoder;
import dev.audguard.spring.server.KeycloakAuthoritiesConverter;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KeycloakAuthoritiesConverterTest {
    private static final Map<String, Object> KEYCLOAK_CLAIMS = Map.of(
            "scope", "profile orders:read",
            "realm_access", Map.of("roles", List.of("auditor")),
            "resource_access", Map.of("reports-api", Map.of("roles", List.of("viewer")), "other", Map.of("roles", List.of("admin"))));

    @Test
    void byDefaultMapsScopesAndRealmRoles() {
        assertThat(names(KeycloakAuthoritiesConverter.builder().build(), verified()))
                .containsExactly("SCOPE_profile", "SCOPE_orders:read", "ROLE_auditor");
    }

    @Test
    void explicitlyMapsTheNamedClientsRolesOnly() {
        KeycloakAuthoritiesConverter resourceRoles = KeycloakAuthoritiesConverter.builder()
                .withoutScopes().withoutRealmRoles().clientRoles("reports-api").build();

        assertThat(names(resourceRoles, verified())).containsExactly("ROLE_viewer");
    }

    @Test
    void readsTheClaimsOfAJwtAnotherDecoderMade() {
        Jwt plain = Jwt.withTokenValue("t").header("alg", "RS256").claims(c -> c.putAll(KEYCLOAK_CLAIMS)).build();
        KeycloakAuthoritiesConverter converter = KeycloakAuthoritiesConverter.builder().clientRoles("reports-api")
                .scopePrefix("").rolePrefix("R_").build();

        assertThat(names(converter, plain)).containsExactly("profile", "orders:read", "R_auditor", "R_viewer");
    }

    @Test
    void eachOptionIsSetOnce() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeycloakAuthoritiesConverter.builder().rolePrefix("A").rolePrefix("B"))
                .isInstanceOf(IllegalStateException.class);
    }

    private static Jwt verified() {
        return AudguardJwtDecoder.builder(TestTokens.validator("service-b")).build()
                .decode(TestTokens.token("service-b", KEYCLOAK_CLAIMS));
    }

    private static List<String> names(KeycloakAuthoritiesConverter converter, Jwt jwt) {
        return converter.convert(jwt).stream().map(GrantedAuthority::getAuthority).toList();
    }
}
