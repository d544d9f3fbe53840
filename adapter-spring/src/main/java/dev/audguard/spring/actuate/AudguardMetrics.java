package dev.audguard.spring.actuate;

import dev.audguard.core.Reason;
import dev.audguard.core.ValidationListener;
import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.ExchangeEvent;
import dev.audguard.exchange.ExchangeListener;
import dev.audguard.exchange.TokenExchangeException;
import dev.audguard.core.binding.BindingListener;
import dev.audguard.core.binding.BindingReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * Micrometer meters for validations and exchanges, fed by sdk-core's {@link ValidationListener}
 * and token-exchange-client's {@link ExchangeListener}; Spring Boot binds it to the application's
 * registry as a {@link MeterBinder}. Events before binding are not counted.
 *
 * <ul>
 *   <li>{@code audguard.validations} (counter): {@code outcome} = {@code accepted} | {@code rejected},
 *       {@code reason} = the sdk-core reason code ({@code none} when accepted),
 *       {@code cached} = whether the verdict came from the verified-token cache;</li>
 *   <li>{@code audguard.key.fetches} (counter): {@code outcome} = {@code success} | {@code failure},
 *       {@code source} = the JWKS URI;</li>
 *   <li>{@code audguard.key.stale} (counter): validations that used keys past their lifetime, by {@code source};</li>
 *   <li>{@code audguard.exchange.cache} (counter): {@code result} = {@code hit} | {@code miss};</li>
 *   <li>{@code audguard.exchanges} (counter): {@code outcome} = {@code success} | {@code failure},
 *       {@code category} ({@code none} on success);</li>
 *   <li>{@code audguard.exchange.shared-cache} (counter): {@code result} = {@code hit} | {@code failure}
 *       (the shared cache could not answer: exchanged as if it were empty);</li>
 *   <li>{@code audguard.sender.bindings} (counter, sender constraints of the properties): {@code outcome} =
 *       {@code accepted} | {@code refused}, {@code mechanism} = {@code dpop} | {@code mtls}, {@code reason}
 *       = the binding's refusal code ({@code dpop_proof_replayed}; {@code replay_store_unavailable} and
 *       {@code replay_store_full} are the replay store failing requests);</li>
 *   <li>with replay-store-redis stores configured, {@code audguard.dpop.replay-store.failures} and
 *       {@code audguard.exchange.shared-cache.failures} (function counters): Redis calls that failed.</li>
 * </ul>
 * Tags never carry a token, a subject or a client secret.
 *
 * <p>Thread-safe.
 */
public final class AudguardMetrics implements MeterBinder, ValidationListener, ExchangeListener, BindingListener {
    private volatile MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onAccepted(VerifiedToken token, boolean fromCache) {
        count("audguard.validations", "Access tokens checked", "outcome", "accepted", "reason", "none",
                "cached", Boolean.toString(fromCache));
    }

    @Override
    public void onRejected(Reason reason) {
        count("audguard.validations", "Access tokens checked", "outcome", "rejected", "reason", reason.code(), "cached", "false");
    }

    @Override
    public void onKeysFetched(URI jwksUri, int usableKeys) {
        count("audguard.key.fetches", "Key set fetches", "outcome", "success", "source", String.valueOf(jwksUri));
    }

    @Override
    public void onKeysFetchFailed(URI jwksUri, String problem) {
        count("audguard.key.fetches", "Key set fetches", "outcome", "failure", "source", String.valueOf(jwksUri));
    }

    @Override
    public void onStaleKeysServed(URI jwksUri, Duration staleFor) {
        count("audguard.key.stale", "Validations with keys past their lifetime", "source", String.valueOf(jwksUri));
    }

    @Override
    public void onCacheHit(ExchangeEvent event) {
        count("audguard.exchange.cache", "Exchanged-token cache lookups", "result", "hit");
    }

    @Override
    public void onExchangeSent(ExchangeEvent event, int attempt) {
        if (attempt == 1) {
            count("audguard.exchange.cache", "Exchanged-token cache lookups", "result", "miss");
        }
    }

    @Override
    public void onExchanged(ExchangeEvent event, Instant expiresAt) {
        count("audguard.exchanges", "Token exchanges", "outcome", "success", "category", "none");
    }

    @Override
    public void onFailure(ExchangeEvent event, TokenExchangeException.Category category) {
        count("audguard.exchanges", "Token exchanges", "outcome", "failure", "category", category.code());
    }

    @Override
    public void onSharedCacheHit(ExchangeEvent event) {
        count("audguard.exchange.shared-cache", "Shared exchanged-token cache lookups", "result", "hit");
    }

    @Override
    public void onSharedCacheFailure(ExchangeEvent event) {
        // the shared cache was unreachable: exchanged as if empty, never refused
        count("audguard.exchange.shared-cache", "Shared exchanged-token cache lookups", "result", "failure");
    }

    @Override
    public void accepted(String mechanism) {
        count("audguard.sender.bindings", "Sender-constrained requests (DPoP, mTLS)", "outcome", "accepted",
                "mechanism", mechanism, "reason", "none");
    }

    @Override
    public void refused(BindingReason reason) {
        // replay_store_unavailable / replay_store_full are the replay store's failures as requests see them
        count("audguard.sender.bindings", "Sender-constrained requests (DPoP, mTLS)", "outcome", "refused",
                "mechanism", reason.code().startsWith("certificate") ? "mtls" : "dpop", "reason", reason.code());
    }

    private void count(String name, String description, String... tags) {
        MeterRegistry bound = registry;
        if (bound != null) {
            Counter.builder(name).description(description).tags(tags).register(bound).increment();
        }
    }

    @Override
    public String toString() {
        return "AudguardMetrics";
    }
}
