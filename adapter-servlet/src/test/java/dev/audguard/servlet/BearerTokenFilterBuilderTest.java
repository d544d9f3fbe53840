package dev.audguard.servlet;

import dev.audguard.core.ProtectedResource;
import dev.audguard.core.AudienceRule;
import dev.audguard.core.KeycloakAdapterConfig;
import dev.audguard.core.ProtectedResourceMetadata;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenValidator;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokenFilterBuilderTest {
    private static final TokenValidator VALIDATOR = TokenValidator.builder()
            .issuer("https://idp.example.com/realms/demo").audience("orders-api").build();

    @Test
    void byDefaultEveryPathIsProtectedAndThePrincipalIsSub() {
        ProtectedResource settings = BearerTokenFilter.builder(VALIDATOR).frontDoor();

        assertThat(settings.ruleFor("/anything").isUnprotected()).isFalse();
        assertThat(settings.principalClaim()).isEqualTo("sub");
        assertThat(settings.rolesClient()).isEmpty();
        assertThat(settings.metadata()).isEmpty();
        assertThat(settings.challenge().forMissingToken().wwwAuthenticate()).isEqualTo("Bearer");
        assertThat(settings.challenge().forFailure(new dev.audguard.core.TokenValidationException(
                dev.audguard.core.Reason.KEYS_UNAVAILABLE)).retryAfterSeconds()).contains(10L);
    }

    @Test
    void explicitlyConfiguredOptionsReachTheSettings() {
        ProtectedResource settings = BearerTokenFilter.builder(VALIDATOR)
                .unprotected("/health")
                .require("/reports/*", Requirements.audience(AudienceRule.anyOf("reports-api")).withScopes(List.of("read")))
                .principalClaim("preferred_username")
                .rolesFromClient("orders-api")
                .realm("orders")
                .retryAfter(Duration.ofSeconds(3))
                .resourceMetadata(URI.create("https://orders.example.com/api"))
                .frontDoor();

        assertThat(settings.ruleFor("/health").isUnprotected()).isTrue();
        assertThat(settings.principalClaim()).isEqualTo("preferred_username");
        assertThat(settings.rolesClient()).contains("orders-api");
        assertThat(settings.metadata()).contains(ProtectedResourceMetadata.of(URI.create("https://orders.example.com/api"),
                List.of("https://idp.example.com/realms/demo"), List.of("read")));
        assertThat(settings.challenge().forMissingToken().wwwAuthenticate()).isEqualTo("Bearer realm=\"orders\", "
                + "resource_metadata=\"https://orders.example.com/.well-known/oauth-protected-resource/api\"");
    }

    @Test
    void aKeycloakFileGivesPrincipalRolesAndRealmUnlessSetInCode() {
        KeycloakAdapterConfig file = KeycloakAdapterConfig.parse("""
                {"realm":"demo","auth-server-url":"https://idp.example.com","resource":"reports-api",
                 "use-resource-role-mappings":true,"principal-attribute":"preferred_username"}""");

        ProtectedResource fromFile = BearerTokenFilter.builder(VALIDATOR).keycloak(file).frontDoor();
        ProtectedResource overridden = BearerTokenFilter.builder(VALIDATOR).keycloak(file)
                .principalClaim("email").realm("other").frontDoor();

        assertThat(fromFile.principalClaim()).isEqualTo("preferred_username");
        assertThat(fromFile.rolesClient()).contains("reports-api");
        assertThat(fromFile.challenge().forMissingToken().wwwAuthenticate()).isEqualTo("Bearer realm=\"demo\"");
        assertThat(overridden.principalClaim()).isEqualTo("email");
        assertThat(overridden.challenge().forMissingToken().wwwAuthenticate()).isEqualTo("Bearer realm=\"other\"");
    }

    @Test
    void aKeycloakFileMappingResourceRolesWithoutAResourceIsRefused() {
        KeycloakAdapterConfig file = KeycloakAdapterConfig.parse("""
                {"realm":"demo","auth-server-url":"https://idp.example.com","use-resource-role-mappings":true}""");

        assertThatThrownBy(() -> BearerTokenFilter.builder(VALIDATOR).keycloak(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resource");
    }

    @Test
    void eachOptionCanBeSetOnce() {
        assertThatThrownBy(() -> BearerTokenFilter.builder(VALIDATOR).principalClaim("a").principalClaim("b"))
                .isInstanceOf(IllegalStateException.class).hasMessage("principalClaim is already set");
        assertThatThrownBy(() -> BearerTokenFilter.builder(VALIDATOR).rolesFromClient("a").rolesFromClient("b"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> BearerTokenFilter.builder(VALIDATOR).realm("a").realm("b"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> BearerTokenFilter.builder(VALIDATOR).retryAfter(Duration.ZERO).retryAfter(Duration.ZERO))
                .isInstanceOf(IllegalStateException.class);
        URI resource = URI.create("https://orders.example.com");
        assertThatThrownBy(() -> BearerTokenFilter.builder(VALIDATOR).resourceMetadata(resource)
                .resourceMetadata(ProtectedResourceMetadata.of(resource, List.of(), List.of())))
                .isInstanceOf(IllegalStateException.class).hasMessage("resourceMetadata is already set");
    }

    @Test
    void aFilterConfiguredInCodeRefusesInitParametersToo() {
        BearerTokenFilter filter = BearerTokenFilter.builder(VALIDATOR).build();
        FilterConfig withParameters = new FilterConfig() {
            @Override
            public String getFilterName() {
                return "audguard";
            }

            @Override
            public ServletContext getServletContext() {
                throw new AssertionError("not reached: the parameters are refused first");
            }

            @Override
            public String getInitParameter(String name) {
                return name.equals("audience") ? "other-api" : null;
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(List.of("audience"));
            }
        };

        assertThatThrownBy(() -> filter.init(withParameters)).isInstanceOf(ServletException.class)
                .hasMessage("BearerTokenFilter audguard is configured in code and by init parameters; use one");
    }

    @Test
    void anUninitialisedFilterLetsNothingThrough() {
        BearerTokenFilter filter = BearerTokenFilter.builder(VALIDATOR).build();

        assertThatThrownBy(() -> filter.doFilter(null, null, (request, response) -> {
            throw new AssertionError("the chain must not run");
        })).isInstanceOf(ServletException.class).hasMessage("BearerTokenFilter was not initialised");
    }

    @Test
    void contradictoryOrUnusableValuesFailAtTheCall() {
        assertThatThrownBy(() -> BearerTokenFilter.builder(VALIDATOR).unprotected("/a/*").require("/a/*", Requirements.none()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerTokenFilter.builder(VALIDATOR).unprotected("api/*"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerTokenFilter.builder(VALIDATOR).realm("r\u00e9alm"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerTokenFilter.builder(VALIDATOR).principalClaim(" "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerTokenFilter.builder(VALIDATOR).retryAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerTokenFilter.builder(VALIDATOR).resourceMetadata(URI.create("/relative")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerTokenFilter.builder(null)).isInstanceOf(NullPointerException.class);
    }
}
