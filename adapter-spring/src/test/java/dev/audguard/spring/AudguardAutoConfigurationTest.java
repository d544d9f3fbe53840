package dev.audguard.spring;

import dev.audguard.spring.actuate.AudguardHealthIndicator;
import dev.audguard.spring.actuate.AudguardMetrics;
import dev.audguard.spring.client.ExchangingClientHttpRequestInterceptor;
import dev.audguard.spring.client.ExchangingExchangeFilterFunction;
import dev.audguard.spring.server.AudguardJwtException;
import dev.audguard.spring.server.VerifiedJwt;
import dev.audguard.spring.actuate.AudguardObservabilityAutoConfiguration;
import dev.audguard.spring.client.AudguardExchangeAutoConfiguration;
import dev.audguard.spring.server.AudguardAuthenticationEntryPoint;
import dev.audguard.spring.server.AudguardJwtDecoder;
import dev.audguard.spring.server.AudguardResourceServer;
import dev.audguard.spring.server.KeycloakAuthoritiesConverter;
import dev.audguard.spring.server.PathRules;
import dev.audguard.core.TokenValidator;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.DownstreamTarget;
import dev.audguard.spring.internal.AudguardConfigurationException;
import dev.audguard.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import static dev.audguard.spring.ContextRunners.analysis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Properties binding and start-up failures, with Spring Boot's own resource-server and security
 * auto-configurations present. Building a validator never touches the network, so the issuers
 * here need not exist.
 */
class AudguardAutoConfigurationTest {
    private static final String ISSUER = "http://127.0.0.1:1/realms/demo";
    private static final String OTHER = "http://127.0.0.1:2/realms/partner";
    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class, AudguardExchangeAutoConfiguration.class,
                    AudguardObservabilityAutoConfiguration.class, AudguardRequestContextAutoConfiguration.class,
                    OAuth2ResourceServerAutoConfiguration.class, OAuth2ResourceServerWebSecurityAutoConfiguration.class,
                    SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class));

    @Test
    void byDefaultRefusesToStartWithoutAnAudience() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER).run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).isEqualTo("audguard: no audience is configured for the trusted issuer "
                    + ISSUER + ", so an access token minted for any other service of that issuer would be accepted here.");
            assertThat(analysis.getAction()).contains("spring.security.oauth2.resourceserver.jwt.audiences")
                    .contains("audguard.disable-audience-check=true");
        });
    }

    @Test
    void explicitlyDisabledAudienceCheckStarts() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, "audguard.disable-audience-check=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(TokenValidator.class).toString()).contains("audiences=<any>");
        });
    }

    @Test
    void disablingTheCheckWhileNamingAudiencesIsAContradiction() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b", "audguard.disable-audience-check=true")
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("audguard.disable-audience-check").contains("contradicts"));
    }

    @Test
    void refusesToStartWithoutATrustedIssuer() {
        runner.withPropertyValues("audguard.audiences=service-b").run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("no trusted issuer");
            assertThat(analysis.getAction()).contains(JWT + "issuer-uri");
        });
    }

    @Test
    void refusesSpringAndAudguardAudiencesThatDisagree() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b", "audguard.audiences=orders")
                .run(context -> assertThat(analysis(context).getDescription()).contains("disagree"));
    }

    @Test
    void refusesAJwkSetUriWithoutIssuer() {
        runner.withPropertyValues(JWT + "jwk-set-uri=" + ISSUER + "/protocol/openid-connect/certs", JWT + "audiences=service-b")
                .run(context -> assertThat(analysis(context).getAction()).contains(JWT + "issuer-uri"));
    }

    @Test
    void refusesAnHmacAlgorithmNamingTheProperty() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b", JWT + "jws-algorithms=HS256")
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains(JWT + "jws-algorithms").contains("HS256 cannot be allowed"));
    }

    @Test
    void springsOwnDecoderAndConverterBackOff() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b", JWT + "principal-claim-name=preferred_username")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(JwtDecoder.class)).hasSize(1).allSatisfy(
                            (name, decoder) -> assertThat(decoder).isInstanceOf(AudguardJwtDecoder.class));
                    assertThat(context.getBeansOfType(JwtAuthenticationConverter.class)).hasSize(1);
                    assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("audguardSecurityFilterChain");
                });
    }

    @Test
    void aDecoderOfTheApplicationWinsOverAudguardsOnlyWithTheExplicitOptOut() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b",
                        "audguard.allow-unchecked-jwt-decoder=true")
                .withUserConfiguration(OwnDecoder.class)
                .run(context -> assertThat(context.getBean(JwtDecoder.class)).isSameAs(OwnDecoder.DECODER));
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b")
                .withUserConfiguration(OwnDecoder.class)
                .run(context -> assertThat(analysis(context).getDescription()).contains("'ownDecoder'"));
    }

    @Test
    void aSecurityFilterChainOfTheApplicationReplacesTheDefaultOne() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b")
                .withUserConfiguration(OwnChain.class)
                .run(context -> {
                    assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("api");
                    assertThat(context).hasSingleBean(AudguardResourceServer.class);
                });
    }

    @Test
    void bindsEveryIssuerWithItsOwnAudiences() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b",
                        "audguard.issuers[0].uri=" + OTHER, "audguard.issuers[0].audiences=partner-api",
                        "audguard.issuers[0].jws-algorithms=ES256", "audguard.issuers[0].jwk-set-uri=" + OTHER + "/certs")
                .run(context -> {
                    TokenValidator validator = context.getBean(TokenValidator.class);
                    assertThat(validator.issuers()).containsExactly(ISSUER, OTHER);
                    assertThat(validator.toString()).contains("[service-b]").contains("[partner-api]");
                });
    }

    @Test
    void anIssuerWithoutOwnAudienceAndNoDefaultRefusesToStart() {
        runner.withPropertyValues("audguard.issuers[0].uri=" + OTHER)
                .run(context -> assertThat(analysis(context).getDescription()).contains("no audience").contains(OTHER));
    }

    @Test
    void bindsCacheTimeoutAndAnswerProperties() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b",
                        "audguard.clock-skew=30s", "audguard.key-cache.lifetime=5m", "audguard.key-cache.min-lifetime=30s",
                        "audguard.key-cache.max-lifetime=1h", "audguard.key-cache.refresh-ahead=0.5",
                        "audguard.key-cache.stale-tolerance=2h", "audguard.key-cache.unknown-key-refresh-interval=20s",
                        "audguard.verified-token-cache.size=50", "audguard.connect-timeout=1s", "audguard.request-timeout=3s",
                        "audguard.max-token-size=8192", "audguard.audience-match=all-of", "audguard.realm=orders",
                        "audguard.retry-after=30s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AudguardProperties properties = context.getBean(AudguardProperties.class);
                    assertThat(properties.getClockSkew()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(properties.getKeyCache().getStaleTolerance()).isEqualTo(Duration.ofHours(2));
                    assertThat(properties.getAudienceMatch()).isEqualTo(dev.audguard.core.AudienceMatch.ALL_OF);
                    assertThat(context.getBean(AudguardAuthenticationEntryPoint.class).toString())
                            .isEqualTo("AudguardAuthenticationEntryPoint{realm=orders, retryAfter=PT30S}");
                });
    }

    @Test
    void aValueSdkCoreRefusesNamesItsProperty() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b", "audguard.clock-skew=10m")
                .run(context -> assertThat(analysis(context).getDescription()).startsWith("audguard: audguard.clock-skew: clock skew"));
    }

    @Test
    void bindsPathRulesInOrder() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b",
                        "audguard.paths[0].pattern=/reports/**", "audguard.paths[0].audiences=reports-api",
                        "audguard.paths[0].audience-match=all-of", "audguard.paths[1].pattern=/admin/**",
                        "audguard.paths[1].scopes=admin,audit")
                .run(context -> {
                    PathRules rules = context.getBean(PathRules.class);
                    assertThat(rules.rules()).containsOnlyKeys("/reports/**", "/admin/**");
                    assertThat(rules.rules().get("/reports/**").audience()).hasValueSatisfying(rule -> {
                        assertThat(rule.audiences()).containsExactly("reports-api");
                        assertThat(rule.match()).isEqualTo(dev.audguard.core.AudienceMatch.ALL_OF);
                    });
                    assertThat(rules.scopes()).containsExactly("admin", "audit");
                });
    }

    @Test
    void aPathRuleThatRequiresNothingRefusesToStart() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b", "audguard.paths[0].pattern=/reports/**")
                .run(context -> assertThat(analysis(context).getDescription()).contains("audguard.paths[0]").contains("requires nothing"));
    }

    @Test
    void keycloakJsonGivesIssuerAudiencePrincipalAndResourceRoles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("keycloak.json");
        Files.writeString(file, """
                {"realm": "demo", "auth-server-url": "http://127.0.0.1:3", "resource": "reports-api",
                 "use-resource-role-mappings": true, "principal-attribute": "preferred_username"}
                """, StandardCharsets.UTF_8);
        runner.withPropertyValues("audguard.keycloak-json=" + file.toUri()).run(context -> {
            assertThat(context).hasNotFailed();
            TokenValidator validator = context.getBean(TokenValidator.class);
            assertThat(validator.issuers()).containsExactly("http://127.0.0.1:3/realms/demo");
            assertThat(validator.toString()).contains("[reports-api]");
            assertThat(context.getBean(KeycloakAuthoritiesConverter.class).toString())
                    .isEqualTo("KeycloakAuthoritiesConverter{scopes=SCOPE_, realmRoles=false, clientRoles=[reports-api], rolePrefix=ROLE_}");
        });
    }

    @Test
    void bindsAuthorityProperties() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b", "audguard.authorities.scopes=false",
                        "audguard.authorities.realm-roles=false", "audguard.authorities.client-roles=a,b",
                        "audguard.authorities.role-prefix=")
                .run(context -> assertThat(context.getBean(KeycloakAuthoritiesConverter.class).toString())
                        .isEqualTo("KeycloakAuthoritiesConverter{scopes=off, realmRoles=false, clientRoles=[a, b], rolePrefix=}"));
    }

    @Test
    void bindsExchangeTargets() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b",
                        "audguard.exchange.client-id=service-b", "audguard.exchange.client-secret=b-secret",
                        "audguard.exchange.targets.service-c.base-url=https://service-c.internal/api",
                        "audguard.exchange.targets.service-c.audience=service-c",
                        "audguard.exchange.targets.service-c.scope=orders:read")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DownstreamTarget target = context.getBean(DownstreamAuthorizer.class).targets().get(0);
                    assertThat(target.name()).isEqualTo("service-c");
                    assertThat(target.audiences()).containsExactly("service-c");
                    assertThat(target.scopes()).containsExactly("orders:read");
                    assertThat(context).hasSingleBean(ExchangingClientHttpRequestInterceptor.class)
                            .hasSingleBean(ExchangingExchangeFilterFunction.class);
                    assertThat(context.getBean(AudguardProperties.class).getExchange().toString()).doesNotContain("b-secret");
                });
    }

    @Test
    void anIssuerWithAJwksFileChecksTokensWithoutAnyNetwork(@TempDir Path dir) throws IOException {
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, TestTokens.publicJwks(), StandardCharsets.UTF_8);
        runner.withPropertyValues("audguard.issuers[0].uri=" + TestTokens.ISSUER, "audguard.issuers[0].audiences=service-b",
                        "audguard.issuers[0].jwks-file=" + jwks.toUri())
                .run(context -> {
                    JwtDecoder decoder = context.getBean(JwtDecoder.class);
                    assertThat(decoder.decode(TestTokens.token("service-b", java.util.Map.of())).getSubject()).isEqualTo("user-1");
                    assertThatThrownBy(() -> decoder.decode(TestTokens.token("service-c", java.util.Map.of())))
                            .isInstanceOf(AudguardJwtException.class);
                });
    }

    @Test
    void anUnreadableJwksFileRefusesToStartNamingTheProperty(@TempDir Path dir) {
        runner.withPropertyValues("audguard.issuers[0].uri=" + TestTokens.ISSUER, "audguard.issuers[0].audiences=service-b",
                        "audguard.issuers[0].jwks-file=" + dir.resolve("missing.json").toUri())
                .run(context -> assertThat(analysis(context).getDescription()).contains("audguard.issuers[0].jwks-file cannot be read"));
    }

    @Test
    void anExchangingClientAuthenticatesWithAPrivateKeyJwtInsteadOfASecret() throws Exception {
        String jwk = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("b-key").generate().toJSONString();
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b",
                        "audguard.exchange.client-id=service-b", "audguard.exchange.private-key-jwk=" + jwk,
                        "audguard.exchange.targets.c.base-url=https://c.internal", "audguard.exchange.targets.c.audience=service-c")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DownstreamAuthorizer.class);
                    assertThat(context.getBean(dev.audguard.exchange.TokenExchangeClient.class).toString()).doesNotContain("\"d\"");
                });
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b",
                        "audguard.exchange.client-id=service-b", "audguard.exchange.private-key-jwk=" + jwk,
                        "audguard.exchange.client-secret=b-secret",
                        "audguard.exchange.targets.c.base-url=https://c.internal", "audguard.exchange.targets.c.audience=service-c")
                .run(context -> assertThat(analysis(context).getDescription()).contains("both a client secret and a private key"));
    }

    @Test
    void aReactiveApplicationGetsTheSameValidationBehindReactiveJwtDecoder(@TempDir Path dir) throws IOException {
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, TestTokens.publicJwks(), StandardCharsets.UTF_8);
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class,
                        org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration.class))
                .withPropertyValues("audguard.issuers[0].uri=" + TestTokens.ISSUER, "audguard.issuers[0].audiences=service-b",
                        "audguard.issuers[0].jwks-file=" + jwks.toUri())
                .run(context -> {
                    ReactiveJwtDecoder decoder = context.getBean(ReactiveJwtDecoder.class);
                    assertThat(context.getBeansOfType(ReactiveJwtDecoder.class)).hasSize(1);
                    assertThat(decoder.decode(TestTokens.token("service-b", java.util.Map.of())).block()).isInstanceOf(VerifiedJwt.class);
                    assertThatThrownBy(() -> decoder.decode(TestTokens.token("service-c", java.util.Map.of())).block())
                            .isInstanceOf(AudguardJwtException.class);
                });
    }

    @Test
    void theConverterNamesAndAuthorizesAJwtOfAnotherDecoder() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b").run(context -> {
            org.springframework.security.oauth2.jwt.Jwt plain = org.springframework.security.oauth2.jwt.Jwt.withTokenValue("t")
                    .header("alg", "RS256").subject("user-9").claim("scope", "orders:read").build();
            var authentication = context.getBean(JwtAuthenticationConverter.class).convert(plain);
            assertThat(authentication.getName()).isEqualTo("user-9");
            assertThat(authentication.getAuthorities()).extracting(a -> a.getAuthority()).contains("SCOPE_orders:read");
        });
    }

    @Test
    void aWebApplicationWithoutSpringsResourceServerRefusesToStartInsteadOfLeavingEndpointsOpen() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class,
                        AudguardMissingResourceServerAutoConfiguration.class))
                .withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(JwtDecoder.class))
                .withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b")
                .run(context -> assertThat(analysis(context).getAction())
                        .contains("spring-boot-starter-security-oauth2-resource-server"));
        runner.withConfiguration(AutoConfigurations.of(AudguardMissingResourceServerAutoConfiguration.class))
                .withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theExchangingClientIsOffWithoutAClientId() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b")
                .run(context -> assertThat(context).doesNotHaveBean(DownstreamAuthorizer.class)
                        .doesNotHaveBean(ExchangingClientHttpRequestInterceptor.class));
    }

    @Test
    void anExchangingClientWithoutCredentialsRefusesToStart() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b",
                        "audguard.exchange.client-id=service-b", "audguard.exchange.targets.c.base-url=https://c.internal",
                        "audguard.exchange.targets.c.audience=service-c")
                .run(context -> assertThat(analysis(context).getAction()).contains("audguard.exchange.client-secret"));
    }

    @Test
    void anExchangingClientWithoutTargetsRefusesToStart() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b",
                        "audguard.exchange.client-id=service-b", "audguard.exchange.client-secret=b-secret")
                .run(context -> assertThat(analysis(context).getDescription()).contains("no targets"));
    }

    @Test
    void anExchangingClientMustBeToldWhichOfSeveralIssuers() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b", "audguard.issuers[0].uri=" + OTHER,
                        "audguard.exchange.client-id=service-b", "audguard.exchange.client-secret=b-secret",
                        "audguard.exchange.targets.c.base-url=https://c.internal", "audguard.exchange.targets.c.audience=service-c")
                .run(context -> assertThat(analysis(context).getAction()).contains("audguard.exchange.issuer"));
    }

    @Test
    void healthIndicatorAndMetersArePresentAndTheHealthIndicatorCanBeSwitchedOff() {
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b")
                .run(context -> assertThat(context).hasSingleBean(AudguardHealthIndicator.class).hasSingleBean(AudguardMetrics.class));
        runner.withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b", "management.health.audguard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(AudguardHealthIndicator.class));
    }

    @Test
    void aRealStartWithoutAudienceReportsDescriptionAndAction() {
        String log = CapturedLog.during(() -> assertThatThrownBy(() -> new SpringApplicationBuilder(Minimal.class)
                .web(WebApplicationType.NONE).properties("spring.main.banner-mode=off", JWT + "issuer-uri=" + ISSUER).run())
                .hasRootCauseInstanceOf(AudguardConfigurationException.class));
        assertThat(log).contains("APPLICATION FAILED TO START")
                .contains("no audience is configured for the trusted issuer " + ISSUER)
                .contains("Action:").contains("audguard.disable-audience-check=true");
    }

    @Test
    void configurationMetadataDescribesEveryProperty() throws IOException {
        String metadata = new String(Objects.requireNonNull(getClass().getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(metadata).contains("\"audguard.disable-audience-check\"").contains("\"audguard.paths\"")
                .contains("\"audguard.key-cache.stale-tolerance\"").contains("\"audguard.exchange.targets\"")
                .contains("\"audguard.keycloak-json\"").contains("\"audguard.verified-token-cache.size\"");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Minimal {
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDecoder {
        static final JwtDecoder DECODER = token -> {
            throw new org.springframework.security.oauth2.jwt.BadJwtException("never");
        };

        @Bean
        JwtDecoder ownDecoder() {
            return DECODER;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnChain {
        @Bean
        SecurityFilterChain api(HttpSecurity http, AudguardResourceServer audguard) {
            http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).oauth2ResourceServer(audguard);
            return http.build();
        }
    }
}
