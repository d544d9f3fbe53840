package dev.audguard.core;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.audguard.core.TestTokens.AUDIENCE;
import static dev.audguard.core.TestTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verdict of a removed key never outlives the removal (issue 13 item 3): the purge that runs when
 * a key disappears from the JWKS can land between a verification and the caching of its verdict,
 * so every cache hit asks the key source whether the signing key is still held. Real HTTP (WireMock on
 * loopback port 0, whose JWKS the test swaps), real concurrency, a fixed clock.
 */
class VerdictCacheRotationIT {
    private static final int RING = 50;
    private static final UUID STUB = UUID.randomUUID();
    private final MutableClock clock = MutableClock.atDefaultStart();
    private static WireMockServer server;
    private String issuer;
    private URI jwksUri;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        issuer = server.baseUrl() + "/realms/demo";
        jwksUri = URI.create(server.baseUrl() + "/certs");
    }

    /** From now on the issuer publishes {@code jwks} (the one stub is replaced, not stacked). */
    private void serve(String jwks) {
        MappingBuilder stub = get("/certs").withId(STUB).willReturn(okJson(jwks));
        if (server.getSingleStubMapping(STUB) == null) {
            server.stubFor(stub);
        } else {
            server.editStub(stub);
        }
    }

    private TokenValidator.Builder validator() {
        return TokenValidator.builder().issuer(issuer, i -> i.jwksUri(jwksUri)).audience(AUDIENCE).clock(clock);
    }

    @Test
    void validateWhenTheKeyIsRemovedBetweenVerifyAndCachingThenTheCachedVerdictIsNeverServed() {
        serve(TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_2));
        String signedByRemoved = valid(clock).claim("iss", issuer).sign();
        AtomicBoolean rotateOnce = new AtomicBoolean(true);
        AtomicReference<TokenValidator> self = new AtomicReference<>();
        List<Boolean> fromCache = new CopyOnWriteArrayList<>();
        TokenValidator validator = validator()
                .listener(new ValidationListener() {
                    @Override
                    public void onAccepted(VerifiedToken token, boolean cached) {
                        fromCache.add(cached);
                    }
                })
                .beforeCachingVerdict(() -> {
                    if (rotateOnce.getAndSet(false)) {
                        // the issuer drops rsa-1 and the validator learns it, purge included, before the put
                        serve(TestKeys.jwks(TestKeys.RSA_2));
                        self.get().warmUp().orTimeout(10, TimeUnit.SECONDS).join();
                    }
                })
                .build();
        self.set(validator);

        assertThat(validator.validate(signedByRemoved)).isNotNull(); // verified while rsa-1 was published

        assertThat(TokenValidatorTest.reasonOf(() -> validator.validate(signedByRemoved))).isEqualTo(Reason.UNKNOWN_KEY);
        String signedByKept = valid(clock).claim("iss", issuer).signedBy(TestKeys.RSA_2).sign();
        validator.validate(signedByKept);
        validator.validate(signedByKept);
        assertThat(fromCache).containsExactly(false, false, true); // hits on a key still held are still served
    }

    @Test
    void aThousandConcurrentRotationsNeverLeaveAVerdictOfARemovedKeyUsable() throws Exception {
        int rotations = 1_000;
        // A ring of keys: rotation i publishes key i % RING alone, so key k is removed at rotation k + 1
        // and published again RING rotations later (generating 1,000 keys would cost more than the test).
        List<ECKey> keys = new ArrayList<>(RING);
        List<String> tokens = new ArrayList<>(RING);
        for (int i = 0; i < RING; i++) {
            ECKey key = TestKeys.ec("ec-" + i, Curve.P_256);
            keys.add(key);
            tokens.add(valid(clock).claim("iss", issuer).signedBy(key).sign());
        }
        serve(TestKeys.jwks(keys.get(0)));
        TokenValidator validator = validator().build();
        validator.warmUp().orTimeout(10, TimeUnit.SECONDS).join();
        AtomicInteger published = new AtomicInteger(); // the generation whose key alone is held, once the refresh is applied
        CountDownLatch[] publishedGeneration = new CountDownLatch[rotations + 1];
        for (int i = 0; i <= rotations; i++) {
            publishedGeneration[i] = new CountDownLatch(1);
        }
        AtomicInteger checks = new AtomicInteger();
        List<String> violations = new CopyOnWriteArrayList<>();
        int threads = 2; // more only adds CPU contention on a shared machine; the race needs one validator beside the rotator
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    int generation = 0;
                    while (generation < rotations) {
                        if (!publishedGeneration[generation + 1].await(30, TimeUnit.SECONDS)) {
                            violations.add("rotation " + (generation + 1) + " never finished");
                            return null;
                        }
                        generation = published.get();
                        for (int round = 0; round < 3; round++) {
                            try {
                                // races its verify-then-put with the next rotation, which removes this key
                                validator.validate(tokens.get(generation % RING));
                            } catch (TokenValidationException rotatedMeanwhile) {
                                // the key may have been removed while this validation ran: either answer is fine
                            }
                            checks.incrementAndGet();
                            try {
                                validator.validate(tokens.get((generation - 1) % RING));
                                int now = published.get();
                                if (now < generation - 1 + RING) { // else its key was legitimately published again
                                    violations.add("generation " + (generation - 1) + " accepted after its key was removed");
                                }
                            } catch (TokenValidationException expected) {
                                if (expected.reason() != Reason.UNKNOWN_KEY) {
                                    violations.add("unexpected reason " + expected.reason().code());
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (int i = 1; i <= rotations; i++) {
                serve(TestKeys.jwks(keys.get(i % RING)));
                validator.warmUp().orTimeout(10, TimeUnit.SECONDS).join();
                published.set(i);
                publishedGeneration[i].countDown();
            }
                for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(violations).isEmpty();
        assertThat(checks.get()).isGreaterThanOrEqualTo(3 * threads);
    }
}
