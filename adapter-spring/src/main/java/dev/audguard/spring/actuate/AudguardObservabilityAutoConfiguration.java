package dev.audguard.spring.actuate;

import dev.audguard.spring.AudguardAutoConfiguration;
import dev.audguard.spring.client.AudguardExchangeAutoConfiguration;
import dev.audguard.core.TokenIntrospector;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.binding.SenderConstraints;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spring Boot auto-configuration of audguard's observability, each part only when its library is
 * on the classpath (neither is a dependency of this module): an Actuator health indicator for the
 * key sources ({@link AudguardHealthIndicator}, contributor {@code audguard}, switched off with
 * {@code management.health.audguard.enabled=false}) and Micrometer meters
 * ({@link AudguardMetrics}).
 */
// after the exchange auto-configuration too: the shared exchange cache's health and meters are conditional on
// its bean, and nothing else orders the two (their names used to, alphabetically, before the package split)
@AutoConfiguration(after = {AudguardAutoConfiguration.class, AudguardExchangeAutoConfiguration.class})
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

    /**
     * Health of the DPoP replay store (contributor {@code audguardReplayStore}): {@code DOWN} while it
     * cannot answer (proofs are then refused with 503, never accepted), with its entries and capacity
     * where known; {@code RedisReplayStore.health()} for the Redis one. Never a key or a jti.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
    @ConditionalOnBean(SenderConstraints.class)
    @ConditionalOnEnabledHealthIndicator("audguard")
    static class ReplayStoreHealth {
        @Bean
        @ConditionalOnMissingBean(name = "audguardReplayStoreHealthIndicator")
        HealthIndicator audguardReplayStoreHealthIndicator(SenderConstraints constraints) {
            return () -> constraints.dpop().map(dpop -> {
                dev.audguard.core.binding.ReplayStoreHealth health = dpop.replayStoreHealth();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("store", health.store());
                health.entries().ifPresent(n -> details.put("entries", n));
                health.capacity().ifPresent(n -> details.put("capacity", n));
                if (health.detail() != null) {
                    details.put("detail", health.detail());
                }
                return org.springframework.boot.health.contributor.Health.status(health.up() ? Status.UP : Status.DOWN)
                        .withDetails(details).build();
            }).orElseGet(() -> org.springframework.boot.health.contributor.Health.unknown().withDetail("dpop", "not configured").build());
        }
    }

    /**
     * Health of the Redis shared exchange cache (contributor {@code audguardExchangeCache}): {@code DOWN}
     * while Redis cannot answer (exchanges then go to the issuer as if the cache were empty).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(value = {HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class},
            name = "dev.audguard.redis.RedisExchangeCache")
    @ConditionalOnBean(type = "dev.audguard.redis.RedisExchangeCache")
    @ConditionalOnEnabledHealthIndicator("audguard")
    static class ExchangeCacheHealth {
        @Bean
        @ConditionalOnMissingBean(name = "audguardExchangeCacheHealthIndicator")
        HealthIndicator audguardExchangeCacheHealthIndicator(dev.audguard.redis.RedisExchangeCache cache) {
            return () -> {
                dev.audguard.redis.RedisExchangeCache.Health health = cache.health();
                return org.springframework.boot.health.contributor.Health.status(health.up() ? Status.UP : Status.DOWN)
                        .withDetail("store", health.description()).withDetail("detail", health.detail()).build();
            };
        }
    }

    /** Failed Redis calls of the replay store and the shared exchange cache, as function counters. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(value = MeterRegistry.class, name = "dev.audguard.redis.RedisReplayStore")
    static class RedisMetrics {
        @Bean
        io.micrometer.core.instrument.binder.MeterBinder audguardRedisStoreMetrics(
                ObjectProvider<dev.audguard.redis.RedisReplayStore> replayStore,
                ObjectProvider<dev.audguard.redis.RedisExchangeCache> exchangeCache) {
            return registry -> {
                replayStore.ifAvailable(store -> io.micrometer.core.instrument.FunctionCounter
                        .builder("audguard.dpop.replay-store.failures", store, dev.audguard.redis.RedisReplayStore::failures)
                        .description("Redis calls of the DPoP replay store that failed (proofs answered 503)").register(registry));
                exchangeCache.ifAvailable(cache -> io.micrometer.core.instrument.FunctionCounter
                        .builder("audguard.exchange.shared-cache.failures", cache, dev.audguard.redis.RedisExchangeCache::failures)
                        .description("Redis calls of the shared exchange cache that failed (exchanged as if empty)").register(registry));
            };
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
