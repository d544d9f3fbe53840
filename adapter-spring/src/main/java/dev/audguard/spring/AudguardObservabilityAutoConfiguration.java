package dev.audguard.spring;

import dev.audguard.core.TokenIntrospector;
import dev.audguard.core.TokenValidator;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot auto-configuration of audguard's observability, each part only when its library is
 * on the classpath (neither is a dependency of this module): an Actuator health indicator for the
 * key sources ({@link AudguardHealthIndicator}, contributor {@code audguard}, switched off with
 * {@code management.health.audguard.enabled=false}) and Micrometer meters
 * ({@link AudguardMetrics}).
 */
@AutoConfiguration(after = AudguardAutoConfiguration.class)
public final class AudguardObservabilityAutoConfiguration {

    /** Actuator's health contributor, when Spring Boot's health module is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
    @ConditionalOnBean(TokenValidator.class)
    @ConditionalOnEnabledHealthIndicator("audguard")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "audguardHealthIndicator")
        AudguardHealthIndicator audguardHealthIndicator(TokenValidator validator,
                                                        ObjectProvider<TokenIntrospector> introspector) {
            TokenIntrospector configured = introspector.getIfAvailable();
            return configured == null ? new AudguardHealthIndicator(validator) : new AudguardHealthIndicator(validator, configured);
        }
    }

    /** Meters, when Micrometer is present; bound to the registry by Spring Boot as a {@code MeterBinder}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        AudguardMetrics audguardMetrics() {
            return new AudguardMetrics();
        }
    }
}
