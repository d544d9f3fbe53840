package dev.audguard.core;

import dev.audguard.issuer.HostileTokens;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.issuer.TokenMinter;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every attack we know of, each pinned to the exact reason it is refused for: the shared catalogue
 * ({@link HostileTokens}, the one the conformance kit sends to every adapter) against a validator
 * that finds the reference issuer's keys through discovery over loopback HTTP, with the issuer's
 * clock as its own. A case that starts passing, or fails for another reason, means a check was
 * removed or moved.
 *
 * <p>The realm's keys are rotated, the old key retired and the published-key cases' keys published
 * before the validator's first fetch ({@link HostileTokens#publish}), so those refusals are about
 * the key. The issuer's clock stands still (its base is a fixed {@link MutableClock}), so the
 * one-second time boundaries are exact.
 *
 * <p>{@link #validatorSpecific()} holds the few cases the shared catalogue cannot express, because
 * each needs a key set the realm's JWKS does not have; they run against a second validator for
 * the same issuer whose keys are {@link TestKeys}' ({@code rsa-1}, {@code rsa-2}, {@code ec-1}):
 * <ul>
 *   <li>a missing {@code kid} while several keys fit: the realm publishes one usable key, with
 *       which a token without {@code kid} is rightly accepted;</li>
 *   <li>an RS256 header on an EC key's {@code kid}, and an ES256 signature spelled with non-zero pad
 *       bits: both need an EC key the validator trusts (the realms the kit runs against publish RSA
 *       keys only), so that the algorithm-to-key check and the pad-bit check are what refuse them,
 *       not an unknown key or a key of the wrong type.</li>
 * </ul>
 */
class HostileTokenCatalogueIT {
    private static final String AUDIENCE = "service-b";
    private static final Duration SKEW = Duration.ofSeconds(60);

    private static ReferenceIssuer issuer;
    private static RealmHandle demo;
    private static TokenValidator validator;
    private static TokenValidator withTestKeys;
    private static HostileTokens.Context context;

    @BeforeAll
    static void start() {
        issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).clock(MutableClock.atDefaultStart()).start();
        issuer.clock().freeze();
        demo = issuer.realm("demo");
        HostileTokens.Published published = HostileTokens.publish(demo.keys());
        // alice's token for AUDIENCE, the validator's defaults; the time is the issuer's frozen clock
        context = new HostileTokens.RealmContext(demo, AUDIENCE, () -> demo.mint().subject("alice").audience(AUDIENCE), SKEW,
                TokenValidator.Builder.DEFAULT_MAX_TOKEN_SIZE, published);
        validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience(AUDIENCE).clock(issuer.clock())
                .disableVerifiedTokenCache().build();
        withTestKeys = TokenValidator.builder().issuer(demo.issuerUrl())
                .jwks(TestKeys.jwks(TestKeys.RSA, TestKeys.RSA_2, TestKeys.EC))
                .audience(AUDIENCE).clock(issuer.clock()).disableVerifiedTokenCache().build();
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    /** The shared catalogue, its cases that are no bearer-token syntax, and its published-key cases. */
    static Stream<HostileTokens.Hostile> shared() {
        return Stream.of(HostileTokens.catalogue(), HostileTokens.outsideBearerSyntax(), HostileTokens.publishedKeyCases())
                .flatMap(List::stream);
    }

    /** The cases only a validator with {@link TestKeys}' key set can pose; the class javadoc says why each is here. */
    static Stream<HostileTokens.Hostile> validatorSpecific() {
        return Stream.of(
                new HostileTokens.Hostile("missing kid while several keys fit", Reason.UNKNOWN_KEY.code(),
                        c -> signedWith(TestKeys.RSA, "RS256").withoutKeyId().sign()),
                new HostileTokens.Hostile("RS256 header on the EC key's kid", Reason.UNSUPPORTED_ALGORITHM.code(),
                        c -> signedWith(TestKeys.RSA, "RS256").keyId(TestKeys.EC.getKeyID()).sign()),
                new HostileTokens.Hostile("ES256 signature spelled with non-zero pad bits", Reason.MALFORMED.code(),
                        c -> HostileTokens.withPadBitsSet(signedWith(TestKeys.EC, "ES256").sign(), 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shared")
    void refusesWithExactReason(HostileTokens.Hostile hostile) {
        assertRefused(validator, hostile.name(), hostile.token().apply(context), hostile.code());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validatorSpecific")
    void refusesValidatorSpecificCasesWithExactReason(HostileTokens.Hostile hostile) {
        assertRefused(withTestKeys, hostile.name(), hostile.token().apply(context), hostile.code());
    }

    @Test
    void refusesTheOversizedTokenBeforeParsing() {
        assertRefused(validator, "oversized", HostileTokens.oversized(context), HostileTokens.TOKEN_TOO_LARGE);
    }

    @Test
    void theCatalogueIsWholeAndEveryCodeIsAReason() {
        List<HostileTokens.Hostile> all = Stream.concat(shared(), validatorSpecific()).toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(90);
        Set<String> names = new HashSet<>();
        all.forEach(h -> {
            assertThat(names.add(h.name())).as("named once: " + h.name()).isTrue();
            assertThat(Reason.byCode(h.code())).as(h.name() + " -> " + h.code()).isNotNull();
        });
        assertThat(Reason.byCode(HostileTokens.TOKEN_TOO_LARGE)).isEqualTo(Reason.TOKEN_TOO_LARGE);
    }

    @Test
    void theUnbentTokenPasses() {
        // Without this, every case above could pass because of a broken fixture.
        assertThat(validator.validate(context.base().sign()).subject()).contains(demo.subjectOf("alice"));
        assertThat(validator.validate(context.base().expiresAt(context.now().minus(SKEW).plusSeconds(1)).sign())).isNotNull();
        assertThat(validator.validate(context.base().notBefore(context.now().plus(SKEW)).sign())).isNotNull();
        // the realm has one usable key, so no kid is no ambiguity
        assertThat(validator.validate(context.base().withoutKeyId().sign())).isNotNull();
        assertThat(withTestKeys.validate(signedWith(TestKeys.RSA, "RS256").sign()).issuer()).isEqualTo(demo.issuerUrl());
        assertThat(withTestKeys.validate(signedWith(TestKeys.EC, "ES256").sign())).isNotNull();
        assertThat(withTestKeys.validate(signedWith(TestKeys.EC, "ES256").withoutKeyId().sign())).isNotNull();
    }

    @Test
    void refusalMessagesNeverEchoTheToken() {
        Stream.concat(shared().map(h -> Case.of(validator, h)), validatorSpecific().map(h -> Case.of(withTestKeys, h)))
                .forEach(c -> {
                    try {
                        c.validator().validate(c.token());
                        throw new AssertionError("accepted: " + c.name());
                    } catch (TokenValidationException e) {
                        assertThat(e.getMessage()).as(c.name()).isEqualTo(e.reason().description());
                        if (c.token().length() >= 8) {
                            assertThat(e.getMessage()).as(c.name()).doesNotContain(c.token().substring(0, 8))
                                    .doesNotContain(c.token().substring(c.token().length() - 8));
                        }
                    }
                });
    }

    private static void assertRefused(TokenValidator v, String name, String token, String code) {
        Reason expected = Reason.byCode(code);
        assertThat(expected).as("a Reason with code " + code).isNotNull();
        assertThatThrownBy(() -> v.validate(token))
                .isInstanceOfSatisfying(TokenValidationException.class,
                        e -> assertThat(e.reason()).as(name).isEqualTo(expected))
                .hasMessage(expected.description());
    }

    /** A token for the realm's issuer and our audience, signed by one of {@link TestKeys} under its own kid. */
    private static TokenMinter signedWith(com.nimbusds.jose.jwk.JWK key, String alg) {
        try {
            PrivateKey privateKey = key instanceof com.nimbusds.jose.jwk.ECKey ec ? ec.toPrivateKey() : key.toRSAKey().toPrivateKey();
            return context.base().signedWith(privateKey, alg).keyId(key.getKeyID());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Case(TokenValidator validator, String name, String token) {
        static Case of(TokenValidator v, HostileTokens.Hostile h) {
            return new Case(v, h.name(), h.token().apply(context));
        }
    }
}
