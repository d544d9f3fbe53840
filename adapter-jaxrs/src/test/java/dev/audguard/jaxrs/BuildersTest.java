package dev.audguard.jaxrs;

import dev.audguard.core.KeycloakAdapterConfig;
import dev.audguard.core.TokenValidator;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.SubjectTokenSource;
import dev.audguard.exchange.TokenExchangeClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each option is settable once, and contradictions fail at the call. */
class BuildersTest {
    private static final TokenValidator VALIDATOR = TokenValidator.builder()
            .issuer("https://idp.example.com/realms/demo").audience("orders-api").build();

    @Test
    void eachFeatureOptionCanBeSetOnce() {
        BearerTokenFeature.Builder builder = BearerTokenFeature.builder(VALIDATOR)
                .principalClaim("preferred_username").rolesFromClient("orders-api").realm("demo")
                .resourceMetadata(URI.create("https://orders.example.com")).retryAfter(Duration.ofSeconds(3));

        assertThatThrownBy(() -> builder.principalClaim("email")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.rolesFromClient("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.realm("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.resourceMetadata(URI.create("https://x.example.com"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.retryAfter(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
        assertThat(builder.build()).isNotSameAs(builder.build());
    }

    @Test
    void badFeatureOptionsFailAtTheCall() {
        BearerTokenFeature.Builder builder = BearerTokenFeature.builder(VALIDATOR);

        assertThatThrownBy(() -> builder.principalClaim(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.realm("line\nbreak")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.retryAfter(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.resourceMetadata(URI.create("relative/path"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.keycloak(KeycloakAdapterConfig.parse(
                "{\"realm\":\"demo\",\"auth-server-url\":\"https://idp.example.com\",\"use-resource-role-mappings\":true}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a resource");
    }

    @Test
    void aFeatureHasASubjectTokenSourceThatIsEmptyOutsideRequests() {
        assertThat(BearerTokenFeature.builder(VALIDATOR).build().subjectTokenSource().currentSubjectToken()).isEmpty();
    }

    @Test
    void theClientFiltersSubjectTokenSourceCanBeSetOnce() {
        TokenExchangeClient exchange = TokenExchangeClient.builder().issuer("https://idp.example.com/realms/demo")
                .clientSecret("service-b", "b-secret").build();
        DownstreamAuthorizer downstream = DownstreamAuthorizer.builder(exchange)
                .target("service-c", "https://service-c.internal/api", t -> t.audience("service-c")).build();
        ExchangingClientFilter.Builder builder = ExchangingClientFilter.builder(downstream).subjectTokenSource(SubjectTokenSource.none());

        assertThatThrownBy(() -> builder.subjectTokenSource(SubjectTokenSource.none())).isInstanceOf(IllegalStateException.class);
        assertThat(builder.build().toString()).doesNotContain("b-secret");
    }
}
