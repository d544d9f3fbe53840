package dev.audguard.spring;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * The servlet context runner the startup-rule and property tests share: audguard's auto-configuration
 * with Spring Boot's resource-server and servlet security auto-configurations, no properties. Runners
 * are immutable; add properties or configurations to the returned one. Building a validator never
 * touches the network, so the issuers the tests name need not exist.
 */
final class ContextRunners {
    private ContextRunners() {
    }

    /** audguard and Spring Security's resource server on a servlet stack. */
    static WebApplicationContextRunner servlet() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
                        OAuth2ResourceServerWebSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
                        ServletWebSecurityAutoConfiguration.class));
    }
}
