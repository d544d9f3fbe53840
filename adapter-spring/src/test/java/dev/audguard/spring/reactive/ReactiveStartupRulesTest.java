package dev.audguard.spring.reactive;

import dev.audguard.core.Requirements;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.spring.AudguardAutoConfiguration;
import dev.audguard.spring.ContextRunners;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

import static dev.audguard.spring.ContextRunners.refusesToStartWithActionStarting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start-up refusals of the reactive auto-configuration, each with the exact message a user reads:
 * the same as the servlet side's where the rule is the same. Building a validator never touches the
 * network, so the issuer need not exist.
 */
class ReactiveStartupRulesTest {
    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

    private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AudguardReactiveAutoConfiguration.class, AudguardAutoConfiguration.class,
                    ReactiveOAuth2ResourceServerAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class))
            .withPropertyValues(JWT + "issuer-uri=http://127.0.0.1:1/realms/demo", JWT + "audiences=reactive-service");

    @Test
    void twoEquallySpecificPathRulesForOnePathRefuseToStartNamingBothAsServletDoes() {
        reactive.withPropertyValues(ContextRunners.equallySpecificPathRules()).run(ContextRunners::assertEquallySpecificPathRulesRefused);
    }

    @Test
    void equallySpecificPathRulesThatNeverMeetStart() {
        reactive.withPropertyValues("audguard.paths[0].pattern=/reports/*", "audguard.paths[0].audiences=reports-api",
                        "audguard.paths[1].pattern=/admin/*", "audguard.paths[1].scopes=admin")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ReactivePathRules.class));
    }

    @Test
    void reactivePathRulesBuiltInCodeRefuseATieToo() {
        assertThatThrownBy(() -> ReactivePathRules.of(Map.of("/a/*", Requirements.scopes("x"), "/*/b", Requirements.scopes("y"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("are equally specific and can match the same path, so neither can win");
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoSenderConstraints {
        @Bean
        SenderConstraints certificates() {
            return SenderConstraints.builder().certificateBound().build();
        }

        @Bean
        SenderConstraints moreCertificates() {
            return SenderConstraints.builder().certificateBound().build();
        }
    }

    @Test
    void twoSenderConstraintsBeansRefuseToStartRatherThanDropOne() {
        reactive.withUserConfiguration(TwoSenderConstraints.class).run(refusesToStartWithActionStarting(
                "audguard: 2 SenderConstraints beans are defined; the reactive front door applies exactly one.",
                "Define one SenderConstraints bean"));
    }
}
