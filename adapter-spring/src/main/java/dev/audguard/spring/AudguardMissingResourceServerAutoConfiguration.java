package dev.audguard.spring;

import dev.audguard.spring.internal.AudguardConfigurationException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Fails the start of a servlet web application that has audguard but not Spring Security's
 * resource server on its classpath: audguard would otherwise back off silently and leave every
 * endpoint unprotected, the opposite of what adding it asked for.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Conditional(AudguardMissingResourceServerAutoConfiguration.AnyPartMissing.class)
public final class AudguardMissingResourceServerAutoConfiguration {

    /** Matches when any part of Spring Security's servlet resource server is absent. */
    static final class AnyPartMissing extends AnyNestedCondition {
        AnyPartMissing() {
            super(ConfigurationPhase.PARSE_CONFIGURATION);
        }

        @ConditionalOnMissingClass("org.springframework.security.oauth2.jwt.JwtDecoder")
        static final class NoJose {
        }

        @ConditionalOnMissingClass("org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter")
        static final class NoResourceServer {
        }

        @ConditionalOnMissingClass("org.springframework.security.config.annotation.web.builders.HttpSecurity")
        static final class NoSecurityConfig {
        }
    }

    @Bean
    Object audguardResourceServerRequired() {
        throw new AudguardConfigurationException("audguard: adapter-spring is on the classpath, but Spring Security's "
                + "OAuth 2.0 resource server is not, so no request would be checked.",
                "Add the dependency org.springframework.boot:spring-boot-starter-security-oauth2-resource-server.");
    }
}
