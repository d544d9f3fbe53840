package dev.audguard.spring;

import dev.audguard.spring.actuate.AudguardHealthIndicator;
import dev.audguard.spring.actuate.AudguardMetrics;
import dev.audguard.spring.actuate.AudguardObservabilityAutoConfiguration;
import dev.audguard.core.ValidationListener;
import dev.audguard.issuer.Fault;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys kept through an issuer outage, as the health contributor and the meters report it: the
 * validator's clock (set through a {@link TokenValidatorCustomizer}) moves past the keys' lifetime
 * while the issuer is unreachable, and tokens still pass on the last good keys.
 */
class OutageToleranceIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private final MutableClock clock = new MutableClock(Instant.now());
    private final CountDownLatch fetchFailed = new CountDownLatch(1);

    @Test
    void staleKeysKeepServingAndAreReportedByHealthAndMeters() {
        RealmHandle demo = issuer.realm("demo");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AudguardAutoConfiguration.class, AudguardObservabilityAutoConfiguration.class))
                .withBean(TokenValidatorCustomizer.class, () -> builder -> builder.clock(clock))
                // listeners are called one after another in bean order: the meters are registered
                // before the latch, so the failure is counted before the latch lets the test read it
                .withBean(AudguardMetrics.class, AudguardMetrics::new)
                .withBean("fetchFailures", ValidationListener.class, () -> new ValidationListener() {
                    @Override
                    public void onKeysFetchFailed(URI jwksUri, String problem) {
                        fetchFailed.countDown();
                    }
                })
                .withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + demo.issuerUrl(),
                        "spring.security.oauth2.resourceserver.jwt.audiences=service-b",
                        "audguard.key-cache.min-lifetime=1m", "audguard.key-cache.max-lifetime=1m")
                .run(context -> {
                    SimpleMeterRegistry meters = new SimpleMeterRegistry();
                    context.getBean(AudguardMetrics.class).bindTo(meters);
                    JwtDecoder decoder = context.getBean(JwtDecoder.class);
                    AudguardHealthIndicator health = context.getBean(AudguardHealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);

                    decoder.decode(demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken());
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);

                    String second = demo.passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();
                    demo.faults().discovery(Fault.down()).jwks(Fault.down());
                    clock.advance(Duration.ofMinutes(2));
                    assertThat(decoder.decode(second).getSubject()).isNotBlank();
                    assertThat(meters.counter("audguard.key.stale", "source", demo.jwksUri().toString()).count()).isEqualTo(1);

                    assertThat(fetchFailed.await(10, TimeUnit.SECONDS)).isTrue();
                    Health stale = health.health();
                    assertThat(stale.getStatus()).isEqualTo(Status.UP);
                    assertThat(stale.getDetails()).containsKey(demo.jwksUri().toString());
                    @SuppressWarnings("unchecked")
                    Map<String, Object> source = (Map<String, Object>) stale.getDetails().get(demo.jwksUri().toString());
                    assertThat(source).containsEntry("status", "STALE");
                    assertThat(meters.counter("audguard.key.fetches", "outcome", "failure", "source", demo.jwksUri().toString()).count())
                            .isPositive();
                });
    }
}
