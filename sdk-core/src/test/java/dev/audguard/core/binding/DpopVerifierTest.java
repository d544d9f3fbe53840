package dev.audguard.core.binding;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.audguard.core.TestKeys;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DpopVerifierTest {
    static final String BASE = "https://api.example.com";
    static final String PATH = "/orders/42";
    static final String URI_ = BASE + PATH;
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";
    static final ECKey CLIENT = TestKeys.ec("client", Curve.P_256);
    static final ECKey OTHER = TestKeys.ec("other", Curve.P_256);
    static final String JKT = Proofs.thumbprint(CLIENT);

    final MutableClock clock = MutableClock.atDefaultStart();

    DpopVerifier.Builder builder() {
        return DpopVerifier.builder().externalBaseUrl(URI.create(BASE)).clock(clock);
    }

    DpopVerifier verifier() {
        return builder().build();
    }

    Proofs proof() {
        return Proofs.of(CLIENT, clock, "GET", URI_, TOKEN);
    }

    static BindingReason reasonOf(Runnable check) {
        return assertThatExceptionOfType(SenderBindingException.class).as("expected a refusal").isThrownBy(check::run).actual().reason();
    }

    BindingReason refusal(DpopVerifier verifier, String proof) {
        return reasonOf(() -> verifier.verify("GET", PATH, List.of(proof), TOKEN, JKT));
    }

    @Test
    void verifyWhenProofValidThenReturnsItsThumbprint() {
        DpopProof proof = verifier().verify("GET", PATH, List.of(proof().claim("jti", "j-1").sign()), TOKEN, JKT);

        assertThat(proof.keyThumbprint()).isEqualTo(JKT);
        assertThat(proof.proofId()).isEqualTo("j-1");
        assertThat(proof.issuedAt()).isEqualTo(clock.instant());
        assertThat(proof.nextNonce()).isEmpty();
    }

    @Nested
    class Headers {
        @Test
        void verifyWhenNoProofThenRefusesAsMissing() {
            assertThat(reasonOf(() -> verifier().verify("GET", PATH, List.of(), TOKEN, JKT))).isEqualTo(BindingReason.DPOP_PROOF_MISSING);
            assertThat(reasonOf(() -> verifier().verify("GET", PATH, null, TOKEN, JKT))).isEqualTo(BindingReason.DPOP_PROOF_MISSING);
        }

        @Test
        void verifyWhenTwoProofHeadersThenRefuses() {
            String one = proof().sign();
            assertThat(reasonOf(() -> verifier().verify("GET", PATH, List.of(one, proof().sign()), TOKEN, JKT)))
                    .isEqualTo(BindingReason.DPOP_PROOF_MULTIPLE);
            assertThat(refusal(verifier(), one + ", " + proof().sign())).isEqualTo(BindingReason.DPOP_PROOF_MULTIPLE);
        }

        @Test
        void verifyWhenNotAJwsThenRefusesAsMalformed() {
            assertThat(refusal(verifier(), "not-a-jws")).isEqualTo(BindingReason.DPOP_PROOF_MALFORMED);
            assertThat(refusal(verifier(), "a.b")).isEqualTo(BindingReason.DPOP_PROOF_MALFORMED);
            assertThat(refusal(verifier(), Proofs.encode("[1]") + ".e30.c2ln")).isEqualTo(BindingReason.DPOP_PROOF_MALFORMED);
        }

        @Test
        void verifyWhenProofTooLargeThenRefusesBeforeParsing() {
            String huge = proof().claim("padding", "x".repeat(DpopVerifier.MAX_PROOF_SIZE)).sign();
            assertThat(refusal(verifier(), huge)).isEqualTo(BindingReason.DPOP_PROOF_MALFORMED);
        }

        @Test
        void verifyWhenTypIsNotDpopJwtThenRefuses() {
            assertThat(refusal(verifier(), proof().header("typ", "JWT").sign())).isEqualTo(BindingReason.DPOP_PROOF_WRONG_TYPE);
            assertThat(refusal(verifier(), proof().withoutHeader("typ").sign())).isEqualTo(BindingReason.DPOP_PROOF_WRONG_TYPE);
        }

        @Test
        void verifyWhenCritHeaderThenRefuses() {
            assertThat(refusal(verifier(), proof().header("crit", List.of("exp")).header("exp", 1).sign()))
                    .isEqualTo(BindingReason.DPOP_PROOF_MALFORMED);
        }
    }

    @Nested
    class Algorithms {
        @Test
        void byDefaultAcceptsOnlyEs256() {
            RSAKey rsa = TestKeys.RSA;
            String ps256 = Proofs.of(rsa, clock, "GET", URI_, TOKEN).sign();
            assertThat(reasonOf(() -> verifier().verify("GET", PATH, List.of(ps256), TOKEN, Proofs.thumbprint(rsa))))
                    .isEqualTo(BindingReason.DPOP_PROOF_UNSUPPORTED_ALGORITHM);
            assertThat(verifier().algorithms()).containsExactly("ES256");
        }

        @Test
        void explicitlyAllowsRsaPss() {
            RSAKey rsa = TestKeys.RSA;
            DpopVerifier verifier = builder().algorithms("ES256", "PS256").build();
            String ps256 = Proofs.of(rsa, clock, "GET", URI_, TOKEN).sign();

            assertThat(verifier.verify("GET", PATH, List.of(ps256), TOKEN, Proofs.thumbprint(rsa)).keyThumbprint())
                    .isEqualTo(Proofs.thumbprint(rsa));
        }

        @Test
        void verifyWhenHmacProofThenRefuses() throws Exception {
            String hs256 = proof().header("alg", "HS256").hmacSecret(new byte[32]).sign();
            assertThat(refusal(verifier(), hs256)).isEqualTo(BindingReason.DPOP_PROOF_UNSUPPORTED_ALGORITHM);
        }

        @Test
        void verifyWhenAlgNoneThenRefuses() {
            String signed = proof().sign();
            String header = Proofs.encode("{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":" + CLIENT.toPublicJWK().toJSONString() + "}");
            String unsigned = header + signed.substring(signed.indexOf('.'), signed.lastIndexOf('.') + 1);
            assertThat(refusal(verifier(), unsigned)).isEqualTo(BindingReason.DPOP_PROOF_UNSUPPORTED_ALGORITHM);
        }

        @Test
        void verifyWhenEmptySignatureThenRefuses() {
            String signed = proof().sign();
            assertThat(refusal(verifier(), signed.substring(0, signed.lastIndexOf('.') + 1))).isEqualTo(BindingReason.DPOP_PROOF_BAD_SIGNATURE);
        }

        @Test
        void builderRefusesSymmetricAndUnknownAlgorithms() {
            assertThatThrownBy(() -> builder().algorithms("HS256")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'HS256'").hasMessageContaining("never none or HMAC");
            assertThatThrownBy(() -> builder().algorithms("none")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder().algorithms()).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Keys {
        @Test
        void verifyWhenJwkCarriesPrivateKeyThenRefuses() {
            String leaked = proof().header("jwk", CLIENT.toJSONObject()).sign();
            assertThat(CLIENT.toJSONObject()).containsKey("d");
            assertThat(refusal(verifier(), leaked)).isEqualTo(BindingReason.DPOP_PROOF_BAD_KEY);
        }

        @Test
        void verifyWhenNoJwkThenRefuses() {
            assertThat(refusal(verifier(), proof().withoutHeader("jwk").sign())).isEqualTo(BindingReason.DPOP_PROOF_BAD_KEY);
            assertThat(refusal(verifier(), proof().header("jwk", "key").sign())).isEqualTo(BindingReason.DPOP_PROOF_BAD_KEY);
        }

        @Test
        void verifyWhenJwkCurveDoesNotFitAlgThenRefuses() {
            ECKey p384 = TestKeys.ec("p384", Curve.P_384);
            String proof = proof().header("jwk", p384.toPublicJWK().toJSONObject()).sign();
            assertThat(reasonOf(() -> verifier().verify("GET", PATH, List.of(proof), TOKEN, Proofs.thumbprint(p384))))
                    .isEqualTo(BindingReason.DPOP_PROOF_BAD_KEY);
        }

        @Test
        void verifyWhenRsaKeyShorterThan2048BitsThenRefuses() {
            RSAKey weak = TestKeys.rsa("weak", 1024);
            DpopVerifier verifier = builder().algorithms("PS256").build();
            String proof = Proofs.of(weak, clock, "GET", URI_, TOKEN).sign();
            assertThat(reasonOf(() -> verifier.verify("GET", PATH, List.of(proof), TOKEN, Proofs.thumbprint(weak))))
                    .isEqualTo(BindingReason.DPOP_PROOF_BAD_KEY);
        }

        @Test
        void verifyWhenSignedByAnotherKeyThanItsJwkThenRefuses() {
            assertThat(refusal(verifier(), proof().signingKeyOnly(OTHER).sign())).isEqualTo(BindingReason.DPOP_PROOF_BAD_SIGNATURE);
        }

        @Test
        void verifyWhenPayloadAlteredThenRefuses() {
            String[] parts = proof().sign().split("\\.");
            String altered = parts[0] + "." + Proofs.encode(new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                    .replace("\"GET\"", "\"PUT\"")) + "." + parts[2];
            assertThat(reasonOf(() -> verifier().verify("PUT", PATH, List.of(altered), TOKEN, JKT)))
                    .isEqualTo(BindingReason.DPOP_PROOF_BAD_SIGNATURE);
        }

        @Test
        void verifyWhenKeyIsNotTheTokensThenRefuses() {
            String byOther = Proofs.of(OTHER, clock, "GET", URI_, TOKEN).sign();
            assertThat(refusal(verifier(), byOther)).isEqualTo(BindingReason.DPOP_PROOF_KEY_MISMATCH);
        }
    }

    @Nested
    class Claims {
        @Test
        void verifyWhenRequiredClaimMissingThenRefusesAsMalformed() {
            for (String claim : List.of("jti", "htm", "htu", "iat")) {
                assertThat(refusal(verifier(), proof().without(claim).sign())).as(claim).isEqualTo(BindingReason.DPOP_PROOF_MALFORMED);
            }
            assertThat(refusal(verifier(), proof().claim("iat", "now").sign())).isEqualTo(BindingReason.DPOP_PROOF_MALFORMED);
            assertThat(refusal(verifier(), proof().claim("jti", "").sign())).isEqualTo(BindingReason.DPOP_PROOF_MALFORMED);
        }

        @Test
        void verifyWhenMethodDiffersThenRefuses() {
            assertThat(refusal(verifier(), proof().claim("htm", "POST").sign())).isEqualTo(BindingReason.DPOP_PROOF_METHOD_MISMATCH);
            assertThat(refusal(verifier(), proof().claim("htm", "get").sign())).isEqualTo(BindingReason.DPOP_PROOF_METHOD_MISMATCH);
        }

        @Test
        void verifyWhenUriDiffersThenRefuses() {
            assertThat(refusal(verifier(), proof().claim("htu", BASE + "/orders/43").sign())).isEqualTo(BindingReason.DPOP_PROOF_URI_MISMATCH);
            assertThat(refusal(verifier(), proof().claim("htu", "https://evil.example.com" + PATH).sign()))
                    .isEqualTo(BindingReason.DPOP_PROOF_URI_MISMATCH);
            assertThat(refusal(verifier(), proof().claim("htu", "http://api.example.com" + PATH).sign()))
                    .isEqualTo(BindingReason.DPOP_PROOF_URI_MISMATCH);
            assertThat(refusal(verifier(), proof().claim("htu", PATH).sign())).isEqualTo(BindingReason.DPOP_PROOF_URI_MISMATCH);
        }

        @Test
        void verifyComparesUriAfterRfc3986NormalisationWithoutQueryOrFragment() {
            String equivalent = "HTTPS://API.Example.COM:443/orders/./x/../%34%32?page=2#top";
            assertThat(verifier().verify("GET", PATH, List.of(proof().claim("htu", equivalent).sign()), TOKEN, JKT).keyThumbprint())
                    .isEqualTo(JKT);
        }

        @Test
        void verifyUsesTheConfiguredBaseUrlAndItsPath() {
            DpopVerifier behindPrefix = DpopVerifier.builder().externalBaseUrl(URI.create("https://gw.example.com/orders-svc/"))
                    .clock(clock).build();
            String proof = Proofs.of(CLIENT, clock, "GET", "https://gw.example.com/orders-svc/orders/42", TOKEN).sign();

            assertThat(behindPrefix.verify("GET", PATH, List.of(proof), TOKEN, JKT).keyThumbprint()).isEqualTo(JKT);
        }

        @Test
        void verifyWhenProofOlderThanWindowPlusSkewThenRefuses() {
            Instant now = clock.instant();
            assertThat(refusal(verifier(), proof().claim("iat", now.minusSeconds(121).getEpochSecond()).sign()))
                    .isEqualTo(BindingReason.DPOP_PROOF_STALE);
            assertThat(refusal(verifier(), proof().claim("iat", now.plusSeconds(121).getEpochSecond()).sign()))
                    .isEqualTo(BindingReason.DPOP_PROOF_STALE);
            assertThat(verifier().verify("GET", PATH, List.of(proof().claim("iat", now.minusSeconds(119).getEpochSecond()).sign()),
                    TOKEN, JKT)).isNotNull();
        }

        @Test
        void explicitlyNarrowsTheWindow() {
            DpopVerifier strict = builder().proofWindow(Duration.ofSeconds(5)).clockSkew(Duration.ZERO).build();
            assertThat(refusal(strict, proof().claim("iat", clock.instant().minusSeconds(6).getEpochSecond()).sign()))
                    .isEqualTo(BindingReason.DPOP_PROOF_STALE);
        }

        @Test
        void verifyWhenAccessTokenHashMissingOrWrongThenRefuses() {
            assertThat(refusal(verifier(), proof().without("ath").sign())).isEqualTo(BindingReason.DPOP_PROOF_TOKEN_HASH_MISMATCH);
            assertThat(refusal(verifier(), proof().claim("ath", Proofs.ath("another-token")).sign()))
                    .isEqualTo(BindingReason.DPOP_PROOF_TOKEN_HASH_MISMATCH);
        }
    }

    @Nested
    class Replay {
        @Test
        void verifyWhenProofReplayedThenRefuses() {
            DpopVerifier verifier = verifier();
            String proof = proof().sign();
            verifier.verify("GET", PATH, List.of(proof), TOKEN, JKT);

            assertThat(refusal(verifier, proof)).isEqualTo(BindingReason.DPOP_PROOF_REPLAYED);
        }

        @Test
        void verifyKeysReplaysByKeyAndJti() {
            DpopVerifier verifier = verifier();
            verifier.verify("GET", PATH, List.of(proof().claim("jti", "same").sign()), TOKEN, JKT);
            String otherKeySameJti = Proofs.of(OTHER, clock, "GET", URI_, TOKEN).claim("jti", "same").sign();

            assertThat(verifier.verify("GET", PATH, List.of(otherKeySameJti), TOKEN, Proofs.thumbprint(OTHER))).isNotNull();
            assertThat(refusal(verifier, proof().claim("jti", "same").sign())).isEqualTo(BindingReason.DPOP_PROOF_REPLAYED);
        }

        @Test
        void verifyRemembersJtiUntilIatPlusWindow() {
            RecordingStore store = new RecordingStore(ReplayStore.inMemory(10, clock));
            DpopVerifier verifier = builder().replayStore(store).build();
            verifier.verify("GET", PATH, List.of(proof().claim("iat", clock.instant().minusSeconds(20).getEpochSecond()).sign()), TOKEN, JKT);

            assertThat(store.ttls).containsExactly(Duration.ofSeconds(100));
        }

        @Test
        void verifyWhenProofRefusedThenItsJtiIsNotUsedUp() {
            DpopVerifier verifier = verifier();
            assertThat(refusal(verifier, proof().claim("jti", "kept").claim("htm", "POST").sign()))
                    .isEqualTo(BindingReason.DPOP_PROOF_METHOD_MISMATCH);

            assertThat(verifier.verify("GET", PATH, List.of(proof().claim("jti", "kept").sign()), TOKEN, JKT)).isNotNull();
        }

        @Test
        void verifyWhenStoreFullThenRefusesWith503AndKeepsLiveEntries() {
            DpopVerifier verifier = builder().replayStore(ReplayStore.inMemory(1, clock)).build();
            String first = proof().sign();
            verifier.verify("GET", PATH, List.of(first), TOKEN, JKT);

            SenderBindingException full = (SenderBindingException) catchRefusal(() ->
                    verifier.verify("GET", PATH, List.of(proof().sign()), TOKEN, JKT));
            assertThat(full.reason()).isEqualTo(BindingReason.REPLAY_STORE_FULL);
            assertThat(full.reason().httpStatus()).isEqualTo(503);
            assertThat(refusal(verifier, first)).isEqualTo(BindingReason.DPOP_PROOF_REPLAYED);
            assertThat(verifier.replayStoreHealth().up()).isFalse();
        }

        @Test
        void verifyWhenStoreUnavailableThenRefusesWith503() {
            DpopVerifier verifier = builder().replayStore(new UnreachableStore()).build();

            BindingReason reason = refusal(verifier, proof().sign());
            assertThat(reason).isEqualTo(BindingReason.REPLAY_STORE_UNAVAILABLE);
            assertThat(reason.httpStatus()).isEqualTo(503);
            assertThat(reason.isCallerFault()).isFalse();
        }
    }

    @Nested
    class Nonces {
        DpopVerifier withNonces() {
            return builder().requireNonces(Duration.ofMinutes(5)).build();
        }

        @Test
        void byDefaultNeedsNoNonce() {
            assertThat(verifier().verify("GET", PATH, List.of(proof().sign()), TOKEN, JKT).nextNonce()).isEmpty();
            assertThat(verifier().currentNonce()).isEmpty();
        }

        @Test
        void verifyWhenNonceRequiredAndAbsentThenRefusesWithTheNonceToUse() {
            DpopVerifier verifier = withNonces();
            SenderBindingException refused = catchRefusal(() -> verifier.verify("GET", PATH, List.of(proof().sign()), TOKEN, JKT));

            assertThat(refused.reason()).isEqualTo(BindingReason.DPOP_NONCE_REQUIRED);
            assertThat(refused.reason().errorCode()).isEqualTo("use_dpop_nonce");
            assertThat(refused.nonce()).contains(verifier.currentNonce().orElseThrow());
        }

        @Test
        void verifyWhenNonceCurrentThenAcceptsAndGivesTheNext() {
            DpopVerifier verifier = withNonces();
            String nonce = verifier.currentNonce().orElseThrow();

            DpopProof proof = verifier.verify("GET", PATH, List.of(proof().claim("nonce", nonce).sign()), TOKEN, JKT);
            assertThat(proof.nextNonce()).contains(nonce);
        }

        @Test
        void verifyAcceptsThePreviousNonceAcrossOneRotationOnly() {
            DpopVerifier verifier = withNonces();
            String nonce = verifier.currentNonce().orElseThrow();
            clock.advance(Duration.ofMinutes(5));
            assertThat(verifier.currentNonce()).isNotEqualTo(java.util.Optional.of(nonce));
            assertThat(verifier.verify("GET", PATH, List.of(proof().claim("nonce", nonce).sign()), TOKEN, JKT)).isNotNull();

            clock.advance(Duration.ofMinutes(5));
            SenderBindingException refused = catchRefusal(() ->
                    verifier.verify("GET", PATH, List.of(proof().claim("nonce", nonce).sign()), TOKEN, JKT));
            assertThat(refused.reason()).isEqualTo(BindingReason.DPOP_NONCE_INVALID);
            assertThat(refused.nonce()).isPresent();
        }

        @Test
        void verifyWhenNonceForgedOrFromAnotherSecretThenRefuses() {
            DpopVerifier verifier = withNonces();
            String foreign = builder().requireNonces(Duration.ofMinutes(5)).build().currentNonce().orElseThrow();
            assertThat(refusal(verifier, proof().claim("nonce", foreign).sign())).isEqualTo(BindingReason.DPOP_NONCE_INVALID);
            assertThat(refusal(verifier, proof().claim("nonce", "AAAA").sign())).isEqualTo(BindingReason.DPOP_NONCE_INVALID);
        }

        @Test
        void instancesSharingTheSecretAcceptEachOthersNonces() {
            byte[] secret = new byte[32];
            secret[0] = 7;
            DpopVerifier a = builder().requireNonces(Duration.ofMinutes(5)).nonceSecret(secret).build();
            DpopVerifier b = DpopVerifier.builder().externalBaseUrl(URI.create(BASE)).clock(clock)
                    .requireNonces(Duration.ofMinutes(5)).nonceSecret(secret).build();

            assertThat(b.verify("GET", PATH, List.of(proof().claim("nonce", a.currentNonce().orElseThrow()).sign()), TOKEN, JKT)).isNotNull();
        }
    }

    @Nested
    class Configuration {
        @Test
        void buildWithoutExternalBaseUrlFailsNamingIt() {
            assertThatThrownBy(() -> DpopVerifier.builder().build()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("externalBaseUrl").hasMessageContaining("Host header");
        }

        @Test
        void externalBaseUrlMustBeHttpsUnlessLoopbackAndWithoutQuery() {
            assertThatThrownBy(() -> DpopVerifier.builder().externalBaseUrl(URI.create("http://api.example.com")))
                    .hasMessageContaining("'http://api.example.com'").hasMessageContaining("https");
            assertThatThrownBy(() -> DpopVerifier.builder().externalBaseUrl(URI.create("https://api.example.com/?a=b")))
                    .hasMessageContaining("query");
            assertThatThrownBy(() -> DpopVerifier.builder().externalBaseUrl(URI.create("/relative")))
                    .hasMessageContaining("absolute");
            assertThat(DpopVerifier.builder().externalBaseUrl(URI.create("http://127.0.0.1:8080")).build()).isNotNull();
        }

        @Test
        void optionsAreSetOnce() {
            assertThatThrownBy(() -> builder().clock(clock)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> builder().policy(DpopPolicy.REQUIRED).policy(DpopPolicy.ALLOWED)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> builder().nonceSecret(new byte[32]).build()).hasMessageContaining("requireNonces");
            assertThatThrownBy(() -> builder().nonceSecret(new byte[16])).hasMessageContaining("32 bytes");
        }

        @Test
        void challengeNamesTheAlgorithmsAndTheErrorOfProofFaults() {
            DpopVerifier verifier = builder().algorithms("ES256", "PS256").build();

            assertThat(verifier.challenge(null, null)).isEqualTo("DPoP algs=\"ES256 PS256\"");
            assertThat(verifier.challenge("orders", BindingReason.DPOP_PROOF_REPLAYED)).isEqualTo(
                    "DPoP realm=\"orders\", algs=\"ES256 PS256\", error=\"invalid_dpop_proof\", "
                            + "error_description=\"The DPoP proof was used before.\"");
            assertThat(verifier.challenge(null, BindingReason.DPOP_NONCE_REQUIRED)).contains("error=\"use_dpop_nonce\"");
            assertThat(verifier.challenge(null, BindingReason.REPLAY_STORE_UNAVAILABLE)).isEqualTo("DPoP algs=\"ES256 PS256\"");
        }

        @Test
        void metadataAdvertisesAlgorithmsAndWhetherDpopIsRequired() {
            assertThat(verifier().metadataFields()).isEqualTo(Map.of(
                    "dpop_signing_alg_values_supported", List.of("ES256"), "dpop_bound_access_tokens_required", false));
            assertThat(builder().policy(DpopPolicy.REQUIRED).build().metadataFields())
                    .containsEntry("dpop_bound_access_tokens_required", true);
        }

        @Test
        void everyReasonHasAStableSnakeCaseCodeAndFixedWording() {
            for (BindingReason reason : BindingReason.values()) {
                assertThat(reason.code()).matches("[a-z0-9_]+").isEqualTo(reason.name().toLowerCase(java.util.Locale.ROOT));
                assertThat(reason.description()).endsWith(".");
                assertThat(reason.httpStatus()).isIn(401, 503);
            }
        }

        @Test
        void listenerHearsEveryOutcome() {
            List<String> heard = new ArrayList<>();
            DpopVerifier verifier = builder().listener(new BindingListener() {
                @Override
                public void accepted(String mechanism) {
                    heard.add(mechanism);
                }

                @Override
                public void refused(BindingReason reason) {
                    heard.add(reason.code());
                    throw new IllegalStateException("a broken listener changes nothing");
                }
            }).build();
            String proof = proof().sign();
            verifier.verify("GET", PATH, List.of(proof), TOKEN, JKT);
            assertThat(refusal(verifier, proof)).isEqualTo(BindingReason.DPOP_PROOF_REPLAYED);

            assertThat(heard).containsExactly("dpop", "dpop_proof_replayed");
        }

        @Test
        void refusalsCarryNoProofOrToken() {
            String proof = proof().claim("htm", "POST").sign();
            SenderBindingException refused = catchRefusal(() -> verifier().verify("GET", PATH, List.of(proof), TOKEN, JKT));
            assertThat(refused.getMessage()).doesNotContain(proof).doesNotContain(TOKEN).isEqualTo(refused.reason().description());
            assertThat(refused.getStackTrace()).isEmpty();
        }
    }

    static SenderBindingException catchRefusal(Runnable check) {
        try {
            check.run();
        } catch (SenderBindingException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    /** Records each time to live it is given. */
    static final class RecordingStore implements ReplayStore {
        final ReplayStore delegate;
        final List<Duration> ttls = new ArrayList<>();

        RecordingStore(ReplayStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean rememberIfAbsent(String key, Duration timeToLive) {
            ttls.add(timeToLive);
            return delegate.rememberIfAbsent(key, timeToLive);
        }

        @Override
        public ReplayStoreHealth health() {
            return delegate.health();
        }
    }

    /** A store whose backend is down. */
    static final class UnreachableStore implements ReplayStore {
        @Override
        public boolean rememberIfAbsent(String key, Duration timeToLive) {
            throw new ReplayStoreException(ReplayStoreException.Kind.UNAVAILABLE);
        }

        @Override
        public ReplayStoreHealth health() {
            return new ReplayStoreHealth("unreachable", false, OptionalLong.empty(), OptionalLong.empty(), "down");
        }
    }
}
