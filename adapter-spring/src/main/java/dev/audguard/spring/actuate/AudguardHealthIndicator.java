package dev.audguard.spring.actuate;

import dev.audguard.core.KeySourceHealth;
import dev.audguard.core.TokenIntrospector;
import dev.audguard.core.TokenValidator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Actuator health of the token validator's key sources (contributor {@code audguard}), from
 * {@link TokenValidator#health()}: {@code DOWN} when a source holds no usable keys (tokens of
 * its issuer answer 503), {@code UNKNOWN} before any key was fetched (the validator fetches on
 * the first token), {@code UP} otherwise, stale keys included (they still validate while the
 * issuer is unreachable; the detail says {@code STALE}). Details per source: status, key count,
 * last success, last failure and its fixed-wording problem, key expiry. With introspection
 * configured, a detail {@code introspection} names its issuer and counts its calls, failed calls
 * (unreachable, not 200, unreadable: answered 503) and cached answers since start; it does not
 * change the status, since a failed call says nothing of the next one. Never a key or a token.
 *
 * <p>Thread-safe.
 */
public final class AudguardHealthIndicator implements HealthIndicator {
    private final TokenValidator validator;
    private final TokenIntrospector introspector;

    /** Health of {@code validator}'s key sources. */
    public AudguardHealthIndicator(TokenValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.introspector = null;
    }

    /** Health of {@code validator}'s key sources, with {@code introspector}'s counters. */
    public AudguardHealthIndicator(TokenValidator validator, TokenIntrospector introspector) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.introspector = Objects.requireNonNull(introspector, "introspector");
    }

    @Override
    public Health health() {
        List<KeySourceHealth> sources = validator.health();
        boolean down = false;
        boolean fetched = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (KeySourceHealth source : sources) {
            down |= source.status() == KeySourceHealth.Status.DOWN;
            fetched |= source.status() != KeySourceHealth.Status.NOT_FETCHED;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", source.status().name());
            detail.put("keys", source.keyCount());
            source.lastSuccess().ifPresent(t -> detail.put("lastSuccess", t.toString()));
            source.lastFailure().ifPresent(t -> detail.put("lastFailure", t.toString()));
            source.lastProblem().ifPresent(p -> detail.put("lastProblem", p));
            source.keysExpireAt().ifPresent(t -> detail.put("keysExpireAt", t.toString()));
            details.put(source.source(), detail);
        }
        if (introspector != null) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("issuer", introspector.issuer());
            dev.audguard.core.IntrospectionHealth health = introspector.health();
            detail.put("status", health.status().name());
            health.endpoint().ifPresent(e -> detail.put("endpoint", e));
            // fixed wording or a stable jwt_answer_* code: never anything the issuer sent
            health.lastProblem().ifPresent(p -> detail.put("lastProblem", p));
            detail.putAll(new java.util.TreeMap<>(introspector.counters()));
            details.put("introspection", detail);
        }
        Status status = down ? Status.DOWN : fetched ? Status.UP : Status.UNKNOWN;
        return Health.status(status).withDetails(details).build();
    }

    @Override
    public String toString() {
        return "AudguardHealthIndicator{" + validator + '}';
    }
}
