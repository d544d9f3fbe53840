package dev.audguard.exchange;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which URL belongs to which target, and what a target needs; no network. */
class DownstreamAuthorizerTest {
    private static final TokenExchangeClient EXCHANGE = TokenExchangeClient.builder().issuer("https://idp.invalid/realms/demo")
            .clientSecret("service-b", "b-secret").build();

    private static DownstreamAuthorizer.Builder builder() {
        return DownstreamAuthorizer.builder(EXCHANGE);
    }

    private static String targetOf(DownstreamAuthorizer authorizer, String url) {
        return authorizer.targetFor(URI.create(url)).map(DownstreamTarget::name).orElse(null);
    }

    private static final DownstreamAuthorizer ORDERS = builder().target("orders", "https://orders.internal/api", t -> t.audience("orders")).build();

    @ParameterizedTest
    @ValueSource(strings = {
            "https://orders.internal/api",
            "https://orders.internal/api/",
            "https://orders.internal/api/orders/7?x=1",
            "https://ORDERS.internal:443/api/orders",
            "HTTPS://orders.internal/api",
            "https://orders.internal/api/./orders"})
    void matchesBySchemeHostPortAndWholePathSegments(String url) {
        assertThat(targetOf(ORDERS, url)).isEqualTo("orders");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://orders.internal/apix",
            "https://orders.internal/API",
            "https://orders.internal/",
            "https://orders.internal/api/../admin",
            "https://orders.internal/../api",
            "https://orders.internal.evil.example/api",
            "https://evil.example/https://orders.internal/api",
            "https://orders.internal@evil.example/api",
            "https://user@orders.internal/api",
            "https://orders.internal:8443/api",
            "http://orders.internal/api",
            "/api/orders",
            "mailto:orders@orders.internal"})
    void matchesNothingOutsideTheSchemeHostPortAndWholePathSegments(String url) {
        assertThat(targetOf(ORDERS, url)).isNull();
    }

    @Test
    void aHostWideTargetCoversEveryPathAndTheMostSpecificTargetWins() {
        DownstreamAuthorizer authorizer = builder()
                .target("all", "https://orders.internal", t -> t.audience("orders"))
                .target("admin", "https://orders.internal/admin/", t -> t.audience("orders-admin"))
                .build();

        assertThat(targetOf(authorizer, "https://orders.internal/anything")).isEqualTo("all");
        assertThat(targetOf(authorizer, "https://orders.internal/admin/users")).isEqualTo("admin");
        assertThat(targetOf(authorizer, "https://orders.internal/administrator")).isEqualTo("all");
        assertThat(authorizer.targets()).extracting(DownstreamTarget::name).containsExactly("all", "admin");
    }

    @Test
    void byDefaultRefusesPlainHttpTargetsOnOtherHostsExplicitlyAllowsThem() {
        assertThatThrownBy(() -> builder().target("c", "http://orders.internal/api", t -> t.audience("orders")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");

        DownstreamAuthorizer authorizer = builder()
                .target("c", "http://orders.internal/api", t -> t.audience("orders").allowInsecureHttp())
                .target("local", "http://127.0.0.1:8080/api", t -> t.audience("local"))
                .build();

        assertThat(targetOf(authorizer, "http://orders.internal:80/api/x")).isEqualTo("c");
        assertThat(targetOf(authorizer, "https://orders.internal/api/x")).isNull();
    }

    @Test
    void aTargetNeedsAnAudienceOrAResourceSoTheIssuerDoesNotChoose() {
        assertThatThrownBy(() -> builder().target("c", "https://c.internal", t -> t.scope("read")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("audience");

        DownstreamTarget target = builder().target("c", "https://c.internal", t -> t.resource("https://c.internal/"))
                .build().targets().get(0);
        assertThat(target.resources()).containsExactly("https://c.internal/");
    }

    @Test
    void namesAndBaseUrlsAreUniqueAndThereIsAtLeastOneTarget() {
        assertThatThrownBy(() -> builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder().target("c", "https://c.internal/api", t -> t.audience("c"))
                .target("c", "https://d.internal/api", t -> t.audience("d"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().target("c", "https://c.internal/api", t -> t.audience("c"))
                .target("d", "https://C.internal:443/api/", t -> t.audience("d"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().target("c", "https://c.internal/api?x=1", t -> t.audience("c")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().target("c", "https://c.internal/api#f", t -> t.audience("c")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theExchangeRequestForATargetCarriesItsParametersAndTheSubject() {
        DownstreamTarget target = builder().target("c", "https://c.internal", t -> t.audience("c", "b").scope("read")
                .requestedTokenType(TokenTypes.JWT)).build().targets().get(0);
        SubjectToken subject = SubjectToken.of("opaque-subject");

        ExchangeRequest request = target.requestFor(subject);

        assertThat(request.subject()).isSameAs(subject);
        assertThat(request.audiences()).containsExactly("b", "c");
        assertThat(request.scopes()).containsExactly("read");
        assertThat(request.requestedTokenType()).contains(TokenTypes.JWT);
        assertThat(target.toString()).contains("c.internal").contains("[b, c]");
    }

    @Test
    void anUnknownUrlIsRefusedWithoutNamingItsQuery() {
        DownstreamAuthorizer authorizer = builder().target("c", "https://c.internal/api", t -> t.audience("c")).build();

        assertThatThrownBy(() -> authorizer.authorizeAsync(URI.create("https://d.internal/api?token=secret"),
                SubjectToken.of("opaque-subject")))
                .isInstanceOf(UnknownDownstreamException.class)
                .hasMessageContaining("https://d.internal:443/api").hasMessageNotContaining("secret");
    }

    @Test
    void recognisesAnInvalidTokenChallenge() {
        assertThat(DownstreamAuthorizer.isInvalidTokenChallenge(401,
                List.of("Bearer realm=\"c\", error=\"invalid_token\", error_description=\"expired\""))).isTrue();
        assertThat(DownstreamAuthorizer.isInvalidTokenChallenge(401, List.of("Bearer error=invalid_token"))).isTrue();
        assertThat(DownstreamAuthorizer.isInvalidTokenChallenge(401,
                List.of("Basic realm=\"x\", Bearer error=\"invalid_token\""))).isTrue();
        assertThat(DownstreamAuthorizer.isInvalidTokenChallenge(401, List.of("Basic realm=\"x\"", "bearer ERROR=\"invalid_token\"")))
                .isTrue();

        assertThat(DownstreamAuthorizer.isInvalidTokenChallenge(403, List.of("Bearer error=\"invalid_token\""))).isFalse();
        assertThat(DownstreamAuthorizer.isInvalidTokenChallenge(401, List.of("Bearer realm=\"c\""))).isFalse();
        assertThat(DownstreamAuthorizer.isInvalidTokenChallenge(401, List.of("Bearer error=\"insufficient_scope\""))).isFalse();
        assertThat(DownstreamAuthorizer.isInvalidTokenChallenge(401, List.of("Basic error=\"invalid_token\""))).isFalse();
        assertThat(DownstreamAuthorizer.isInvalidTokenChallenge(401,
                List.of("Bearer realm=\"error=\\\"invalid_token\\\"\""))).isFalse();
        assertThat(DownstreamAuthorizer.isInvalidTokenChallenge(401, List.of())).isFalse();
        assertThat(DownstreamAuthorizer.isInvalidTokenChallenge(401, List.of("Bearer error=\"invalid_token"))).isFalse();
    }
}
