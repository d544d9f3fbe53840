package dev.audguard.spring;

import dev.audguard.spring.server.AudguardRequestAuthentication;
import dev.audguard.spring.server.AudguardJwtDecoder;
import dev.audguard.core.TokenValidator;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static dev.audguard.spring.ContextRunners.refusesToStartWithActionStarting;
import static dev.audguard.spring.ContextRunners.refusesToStart;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up refusals of configurations audguard cannot honour, each with the exact message a user
 * reads. Building a validator never touches the network, so the issuers here need not exist.
 */
class StartupRulesTest {
    private static final String ISSUER = "http://127.0.0.1:1/realms/demo";
    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

    private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class, ReactiveOAuth2ResourceServerAutoConfiguration.class))
            .withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b");

    private final WebApplicationContextRunner servlet = ContextRunners.servlet()
            .withPropertyValues(JWT + "issuer-uri=" + ISSUER, JWT + "audiences=service-b");

    @Test
    void twoEquallySpecificPathRulesForOnePathRefuseToStartNamingBoth() {
        servlet.withPropertyValues(ContextRunners.equallySpecificPathRules()).run(ContextRunners::assertEquallySpecificPathRulesRefused);
    }

    @Test
    void byDefaultAJwtDecoderBeanAudguardDidNotBuildRefusesToStartSayingHowToKeepIt() {
        servlet.withUserConfiguration(SpringsOwnDecoder.class).run(refusesToStart("audguard: the application declares its own JwtDecoder bean "
                + "'jwtDecoder' (NimbusJwtDecoder), which audguard did not build, so Spring Security would accept tokens "
                + "without audguard's audience, issuer and key checks.",
                "Remove the bean and configure the issuer with "
                + "spring.security.oauth2.resourceserver.jwt.issuer-uri (audguard builds the decoder from it); or build the "
                + "bean with AudguardJwtDecoder.builder(tokenValidator), moving extra checks into .jwtValidator(...) or a "
                + "TokenValidatorCustomizer bean; or, to keep a decoder that skips audguard's checks, set "
                + "audguard.allow-unchecked-jwt-decoder=true."));
    }

    @Test
    void explicitlyAllowsAJwtDecoderAudguardDidNotBuild() {
        servlet.withUserConfiguration(SpringsOwnDecoder.class).withPropertyValues("audguard.allow-unchecked-jwt-decoder=true")
                .run(context -> assertThat(context).hasNotFailed().getBean(JwtDecoder.class).isInstanceOf(NimbusJwtDecoder.class));
    }

    @Test
    void aJwtDecoderBeanBuiltWithAudguardsBuilderStarts() {
        servlet.withUserConfiguration(WrappedDecoder.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(JwtDecoder.class)).containsOnlyKeys("ordersDecoder");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class SpringsOwnDecoder {
        @Bean
        JwtDecoder jwtDecoder() {
            // what Spring's docs teach; builds without touching the network
            return NimbusJwtDecoder.withJwkSetUri(ISSUER + "/protocol/openid-connect/certs").build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WrappedDecoder {
        @Bean
        JwtDecoder ordersDecoder(TokenValidator validator) {
            return AudguardJwtDecoder.builder(validator)
                    .jwtValidator(JwtValidators.createDefault())
                    .build();
        }
    }

    @Test
    void aReactiveApplicationWithPathRulesRefusesToStartNamingTheProperty() {
        reactive.withPropertyValues("audguard.paths[0].pattern=/reports/**", "audguard.paths[0].audiences=reports-api")
                .run(refusesToStartWithActionStarting("audguard: audguard.paths is set, but this is a reactive "
                        + "(WebFlux) application, where audguard does not apply path rules yet: a token without a path's "
                        + "audiences or scopes would be accepted.", "Remove audguard.paths"));
    }

    @Test
    void aReactiveApplicationWithoutPathRulesStarts() {
        reactive.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aServletApplicationWithASenderConstraintsBeanAppliesItThroughTheRequestAwareAuthentication() {
        servlet.withUserConfiguration(RequiredDpop.class).run(context -> {
            assertThat(context).hasNotFailed();
            AudguardRequestAuthentication authentication = context.getBean(AudguardRequestAuthentication.class);
            assertThat(authentication.resource().requestHeaders()).contains("DPoP");
            assertThat(authentication.metadataFields()).containsEntry("dpop_bound_access_tokens_required", false)
                    .containsKey("dpop_signing_alg_values_supported");
        });
    }

    @Test
    void aServletApplicationWithoutSenderConstraintsKeepsTheTokenOnlyDecoder() {
        servlet.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(AudguardRequestAuthentication.class);
        });
    }

    @Test
    void twoSenderConstraintsBeansInAServletApplicationRefuseToStartRatherThanDropOne() {
        servlet.withUserConfiguration(RequiredDpop.class, Certificates.class).run(refusesToStartWithActionStarting(
                "audguard: 2 SenderConstraints beans are defined; audguard applies exactly one.",
                "Define one SenderConstraints bean"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Certificates {
        @Bean
        dev.audguard.core.binding.SenderConstraints certificates() {
            return dev.audguard.core.binding.SenderConstraints.builder().certificateBound().build();
        }
    }

    @Test
    void aReactiveApplicationWithASenderConstraintsBeanIsNotRefusedForIt() {
        reactive.withUserConfiguration(RequiredDpop.class).run(context -> assertThat(context).hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    static class RequiredDpop {
        @Bean
        dev.audguard.core.binding.SenderConstraints dpop() {
            return dev.audguard.core.binding.SenderConstraints.builder().dpop(dev.audguard.core.binding.DpopVerifier.builder()
                    .externalBaseUrl(java.net.URI.create("https://api.example.com")).build()).build();
        }
    }
}
