package dev.audguard.core;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.RSAKey;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.audguard.core.TestTokens.AUDIENCE;
import static dev.audguard.core.TestTokens.ISSUER;
import static dev.audguard.core.TestTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each default of the validator, paired with the opt-out that changes it. */
class TokenValidatorTest {
    private final MutableClock clock = MutableClock.atDefaultStart();

    private TokenValidator.Builder builder() {
        return TokenValidator.builder().issuer(ISSUER).jwks(TestKeys.jwks(TestKeys.RSA, TestKeys.EC)).clock(clock);
    }

    private TokenValidator validator() {
        return builder().audience(AUDIENCE).build();
    }

    static Reason reasonOf(Runnable validation) {
        return assertThatExceptionOfType(TokenValidationException.class).as("the token was accepted").isThrownBy(validation::run).actual().reason();
    }

    @Nested
    class Audience {
        @Test
        void byDefaultBuildFailsWithoutAudience() {
            assertThatThrownBy(() -> builder().build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no audience configured for issuer " + ISSUER)
                    .hasMessageContaining("disableAudienceCheck()");
        }

        @Test
        void explicitlyDisabledAudienceCheckAcceptsTokensForAnyService() {
            TokenValidator anyAudience = builder().disableAudienceCheck().build();

            assertThat(anyAudience.validate(valid(clock).claim("aud", "someone-else").sign()).audiences())
                    .containsExactly("someone-else");
            assertThat(anyAudience.validate(valid(clock).without("aud").sign()).audiences()).isEmpty();
        }

        @Test
        void optionsThatContradictFailAtTheCall() {
            assertThatThrownBy(() -> builder().audience("a").disableAudienceCheck()).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> builder().disableAudienceCheck().audience("a")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> builder().audience("a").audience("b")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> builder().audience()).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder().audience(" ")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void byDefaultAnyConfiguredAudienceIsEnough() {
            TokenValidator validator = builder().audience(AUDIENCE, "orders-api-v2").build();

            assertThat(validator.validate(valid(clock).claim("aud", List.of("other", "orders-api-v2")).sign())).isNotNull();
            assertThat(validator.validate(valid(clock).claim("aud", AUDIENCE).sign())).isNotNull();
        }

        @Test
        void explicitlyAllOfRequiresEveryAudience() {
            TokenValidator validator = builder().audience(AUDIENCE, "billing").audienceMatch(AudienceMatch.ALL_OF).build();

            assertThat(reasonOf(() -> validator.validate(valid(clock).claim("aud", AUDIENCE).sign())))
                    .isEqualTo(Reason.AUDIENCE_MISMATCH);
            assertThat(validator.validate(valid(clock).claim("aud", List.of("billing", AUDIENCE, "x")).sign())).isNotNull();
        }

        @Test
        void aPerRequestAudienceReplacesTheConfiguredOne() {
            TokenValidator validator = validator();
            Requirements reportsOnly = Requirements.audience(AudienceRule.anyOf("reports-api"));

            assertThat(reasonOf(() -> validator.validate(valid(clock).sign(), reportsOnly))).isEqualTo(Reason.AUDIENCE_MISMATCH);
            assertThat(validator.validate(valid(clock).claim("aud", "reports-api").sign(), reportsOnly).audiences())
                    .containsExactly("reports-api");
        }

        @Test
        void aPerRequestAudienceAppliesEvenWhenTheCheckIsDisabled() {
            TokenValidator validator = builder().disableAudienceCheck().build();

            assertThat(reasonOf(() -> validator.validate(valid(clock).sign(),
                    Requirements.audience(AudienceRule.allOf("reports-api"))))).isEqualTo(Reason.AUDIENCE_MISMATCH);
        }
    }

    @Nested
    class Issuers {
        @Test
        void buildFailsWithoutIssuer() {
            assertThatThrownBy(() -> TokenValidator.builder().audience(AUDIENCE).jwks(TestKeys.jwks(TestKeys.RSA)).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no trusted issuer");
        }

        @Test
        void eachIssuerHasItsOwnAudienceAndKeys() {
            RSAKey partnerKey = TestKeys.rsa("partner-1");
            String partner = "https://partner.example.com";
            TokenValidator validator = TokenValidator.builder()
                    .clock(clock)
                    .issuer(ISSUER, i -> i.audience(AUDIENCE).jwks(TestKeys.jwks(TestKeys.RSA)))
                    .issuer(partner, i -> i.audience("partner-orders").jwks(TestKeys.jwks(partnerKey)).algorithms("RS256"))
                    .build();

            assertThat(validator.validate(valid(clock).sign()).issuer()).isEqualTo(ISSUER);
            assertThat(validator.validate(valid(clock).claim("iss", partner).claim("aud", "partner-orders")
                    .signedBy(partnerKey).sign()).issuer()).isEqualTo(partner);
            // the partner's audience does not open the home issuer's tokens, nor its keys
            assertThat(reasonOf(() -> validator.validate(valid(clock).claim("aud", "partner-orders").sign())))
                    .isEqualTo(Reason.AUDIENCE_MISMATCH);
            assertThat(reasonOf(() -> validator.validate(valid(clock).claim("iss", partner).claim("aud", "partner-orders").sign())))
                    .isEqualTo(Reason.UNKNOWN_KEY);
            assertThat(validator.issuers()).containsExactly(ISSUER, partner);
        }

        @Test
        void issuerOptionsWinOverDefaults() {
            TokenValidator validator = TokenValidator.builder()
                    .clock(clock).audience(AUDIENCE).jwks(TestKeys.jwks(TestKeys.RSA))
                    .issuer(ISSUER, i -> i.disableAudienceCheck().clockSkew(Duration.ZERO))
                    .build();

            assertThat(validator.validate(valid(clock).claim("aud", "anyone").sign())).isNotNull();
            assertThat(reasonOf(() -> validator.validate(valid(clock).at("exp", clock.instant().minusSeconds(1)).sign())))
                    .isEqualTo(Reason.EXPIRED);
        }

        @Test
        void anIssuerCannotBeAddedTwice() {
            assertThatThrownBy(() -> TokenValidator.builder().issuer(ISSUER).issuer(ISSUER)).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void discoveryOverPlainHttpToARemoteHostIsRefusedAtBuild() {
            assertThatThrownBy(() -> TokenValidator.builder().issuer("http://idp.example.com/realms/demo").audience(AUDIENCE).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
            assertThatThrownBy(() -> TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE)
                    .jwksUri("http://idp.example.com/certs").build())
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void explicitlyAllowedInsecureHttpBuilds() {
            assertThatCode(() -> TokenValidator.builder().issuer("http://idp.example.com/realms/demo").audience(AUDIENCE)
                    .allowInsecureHttp().build()).doesNotThrowAnyException();
            assertThatCode(() -> TokenValidator.builder().issuer("http://127.0.0.1:8080/realms/demo").audience(AUDIENCE)
                    .build()).doesNotThrowAnyException();
        }
    }

    @Nested
    class Time {
        @Test
        void byDefaultSixtySecondsOfSkewAreForgiven() {
            TokenValidator validator = validator();

            assertThat(validator.validate(valid(clock).at("exp", clock.instant().minusSeconds(59)).sign())).isNotNull();
            assertThat(validator.validate(valid(clock).at("nbf", clock.instant().plusSeconds(59)).sign())).isNotNull();
            assertThat(validator.validate(valid(clock).at("iat", clock.instant().plusSeconds(59)).sign())).isNotNull();
            assertThat(reasonOf(() -> validator.validate(valid(clock).at("exp", clock.instant().minusSeconds(60)).sign())))
                    .isEqualTo(Reason.EXPIRED);
        }

        @Test
        void explicitlyConfiguredSkew() {
            TokenValidator strict = builder().audience(AUDIENCE).clockSkew(Duration.ZERO).build();

            assertThat(reasonOf(() -> strict.validate(valid(clock).at("exp", clock.instant()).sign()))).isEqualTo(Reason.EXPIRED);
            assertThat(reasonOf(() -> strict.validate(valid(clock).at("nbf", clock.instant().plusSeconds(1)).sign())))
                    .isEqualTo(Reason.NOT_YET_VALID);
        }

        @Test
        void skewIsCappedAtFiveMinutes() {
            assertThatThrownBy(() -> builder().clockSkew(Duration.ofMinutes(6))).isInstanceOf(IllegalArgumentException.class);
            assertThatCode(() -> builder().clockSkew(Duration.ofMinutes(5))).doesNotThrowAnyException();
        }

        @Test
        void byDefaultRejectsTokensWithoutExpiry() {
            assertThat(reasonOf(() -> validator().validate(valid(clock).without("exp").sign()))).isEqualTo(Reason.MISSING_CLAIM);
        }

        @Test
        void explicitlyAllowsTokensWithoutExpiry() {
            TokenValidator validator = builder().audience(AUDIENCE).allowMissingExpiry().build();

            assertThat(validator.validate(valid(clock).without("exp").sign()).expiresAt()).isEmpty();
        }

        @Test
        void timePassingExpiresATokenThatWasValid() {
            TokenValidator validator = validator();
            String token = valid(clock).sign();
            assertThat(validator.validate(token)).isNotNull();

            clock.advance(Duration.ofSeconds(300 + 60));

            assertThat(reasonOf(() -> validator.validate(token))).isEqualTo(Reason.EXPIRED);
        }

        @Test
        void fractionalNumericDatesAreAccepted() {
            double exp = clock.instant().getEpochSecond() + 30.5;
            assertThat(validator().validate(valid(clock).claim("exp", exp).sign()).expiresAt())
                    .contains(clock.instant().plusMillis(30_500));
        }
    }

    @Nested
    class Types {
        @Test
        void byDefaultAcceptsTypJwtAtJwtOrNone() {
            TokenValidator validator = validator();

            assertThat(validator.validate(valid(clock).header("typ", "JWT").sign())).isNotNull();
            assertThat(validator.validate(valid(clock).header("typ", "at+jwt").sign())).isNotNull();
            assertThat(validator.validate(valid(clock).header("typ", "application/at+JWT").sign())).isNotNull();
            assertThat(validator.validate(valid(clock).withoutHeader("typ").sign())).isNotNull();
        }

        @Test
        void explicitlyRequiringRfc9068TypeRefusesPlainJwt() {
            TokenValidator strict = builder().audience(AUDIENCE).requireAccessTokenType().build();

            assertThat(reasonOf(() -> strict.validate(valid(clock).header("typ", "JWT").sign()))).isEqualTo(Reason.WRONG_TOKEN_TYPE);
            assertThat(reasonOf(() -> strict.validate(valid(clock).withoutHeader("typ").sign()))).isEqualTo(Reason.WRONG_TOKEN_TYPE);
            assertThat(strict.validate(valid(clock).header("typ", "at+jwt").sign())).isNotNull();
        }

        @Test
        void keycloakBearerTypeClaimIsAnAccessToken() {
            assertThat(validator().validate(valid(clock).claim("typ", "Bearer").sign())).isNotNull();
            assertThat(validator().validate(valid(clock).without("typ").sign())).isNotNull();
        }
    }

    @Nested
    class Algorithms {
        @Test
        void byDefaultRsaPssAndEcdsaAreAccepted() {
            ECKey p384 = TestKeys.ec("ec-384", Curve.P_384);
            TokenValidator validator = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock)
                    .jwks(TestKeys.jwks(TestKeys.RSA, p384)).build();

            for (String alg : List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")) {
                assertThat(validator.validate(valid(clock).header("alg", alg).sign())).as(alg).isNotNull();
            }
            assertThat(validator.validate(valid(clock).signedBy(p384).sign())).isNotNull();
        }

        @Test
        void explicitlyNarrowedAlgorithmsRefuseTheRest() {
            TokenValidator esOnly = builder().audience(AUDIENCE).algorithms("ES256").build();

            assertThat(reasonOf(() -> esOnly.validate(valid(clock).sign()))).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
            assertThat(esOnly.validate(valid(clock).signedBy(TestKeys.EC).sign())).isNotNull();
        }

        @Test
        void hmacAndNoneCanNeverBeAllowed() {
            assertThatThrownBy(() -> builder().algorithms("HS256")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder().algorithms("none")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aKeyThatNamesItsAlgorithmVerifiesOnlyThatAlgorithm() {
            RSAKey rs256Only = new RSAKey.Builder(TestKeys.RSA).algorithm(JWSAlgorithm.RS256).build();
            TokenValidator validator = builder().audience(AUDIENCE).build();
            TokenValidator pinned = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock)
                    .jwks(TestKeys.jwks(rs256Only)).build();

            assertThat(validator.validate(valid(clock).header("alg", "PS256").sign())).isNotNull();
            assertThat(reasonOf(() -> pinned.validate(valid(clock).header("alg", "PS256").sign())))
                    .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        }

        @Test
        void shortRsaKeysAreNeverUsed() {
            RSAKey weak = TestKeys.rsa("weak", 1024);
            assertThatThrownBy(() -> TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).jwks(TestKeys.jwks(weak)).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no usable key");
            TokenValidator validator = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock)
                    .jwks(TestKeys.jwks(weak, TestKeys.RSA)).build();

            assertThat(reasonOf(() -> validator.validate(valid(clock).signedBy(weak).sign()))).isEqualTo(Reason.UNKNOWN_KEY);
        }

        @Test
        void aKeyWhoseKeyOpsLackVerifyIsNeverUsed() {
            RSAKey encryptOnly = new RSAKey.Builder(TestKeys.RSA_2).keyUse(null)
                    .keyOperations(Set.of(KeyOperation.ENCRYPT)).build();
            assertThat(TestKeys.jwks(encryptOnly)).contains("\"key_ops\"").doesNotContain("\"use\"");
            TokenValidator validator = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock)
                    .jwks(TestKeys.jwks(encryptOnly, TestKeys.RSA)).build();

            assertThat(reasonOf(() -> validator.validate(valid(clock).signedBy(encryptOnly).sign()))).isEqualTo(Reason.UNKNOWN_KEY);
        }

        @Test
        void aKeyWhoseKeyOpsIncludeVerifyIsUsed() {
            RSAKey verifying = new RSAKey.Builder(TestKeys.RSA).keyUse(null)
                    .keyOperations(Set.of(KeyOperation.VERIFY)).build();
            TokenValidator validator = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock)
                    .jwks(TestKeys.jwks(verifying)).build();

            assertThat(validator.validate(valid(clock).sign())).isNotNull();
        }

        @ParameterizedTest(name = "{0} bits")
        @ValueSource(ints = {512, 1024})
        void zeroPaddedShortRsaKeysAreNeverUsed(int bits) {
            RSAKey padded = TestKeys.zeroPaddedRsa("padded", bits);
            assertThat(padded.size()).as("the encoding claims 2048 bits").isEqualTo(2048);
            assertThat(TestKeys.jwks(padded)).contains(padded.getModulus().toString());
            assertThatThrownBy(() -> TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).jwks(TestKeys.jwks(padded)).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no usable key");
            TokenValidator validator = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock)
                    .jwks(TestKeys.jwks(padded, TestKeys.RSA)).build();

            assertThat(reasonOf(() -> validator.validate(valid(clock).signedBy(padded).sign()))).isEqualTo(Reason.UNKNOWN_KEY);
        }

        @Test
        void aTokenWithoutKidIsAcceptedWhenExactlyOneKeyFits() {
            TokenValidator validator = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock)
                    .jwks(TestKeys.jwks(TestKeys.RSA)).build();

            assertThat(validator.validate(valid(clock).withoutHeader("kid").sign()).keyId()).isEmpty();
        }
    }

    @Nested
    class Claims {
        @Test
        void byDefaultRequiresSubject() {
            assertThat(reasonOf(() -> validator().validate(valid(clock).without("sub").sign()))).isEqualTo(Reason.MISSING_CLAIM);
        }

        @Test
        void explicitlyAllowsMissingSubject() {
            TokenValidator validator = builder().audience(AUDIENCE).allowMissingSubject().build();
            assertThat(validator.validate(valid(clock).without("sub").sign()).subject()).isEmpty();
        }

        @Test
        void byDefaultNoScopeIsRequired() {
            assertThat(validator().validate(valid(clock).without("scope").sign()).scopes()).isEmpty();
        }

        @Test
        void explicitlyRequiredScopesMustAllBeGranted() {
            TokenValidator validator = builder().audience(AUDIENCE).requiredScopes("orders.read", "profile").build();

            TokenValidationException refusal = catchRefusal(() -> validator.validate(valid(clock).claim("scope", "profile").sign()));
            assertThat(refusal.reason()).isEqualTo(Reason.INSUFFICIENT_SCOPE);
            assertThat(refusal.requiredScopes()).containsExactlyInAnyOrder("orders.read", "profile");
            assertThat(validator.validate(valid(clock).claim("scope", "profile  orders.read").sign()).scopes())
                    .containsExactlyInAnyOrder("profile", "orders.read");
            assertThat(validator.validate(valid(clock).without("scope").claim("scp", List.of("orders.read", "profile")).sign()))
                    .isNotNull();
        }

        @Test
        void scopeIsSplitOnSpacesOnlyAndEmptyEntriesAreDropped() {
            for (String spelling : List.of("profile orders.read", " profile orders.read", "profile orders.read ",
                    "  profile   orders.read  ", "profile profile orders.read")) {
                assertThat(validator().validate(valid(clock).claim("scope", spelling).sign()).scopes()).as(spelling)
                        .containsExactly("profile", "orders.read");
            }
            assertThat(validator().validate(valid(clock).claim("scope", " ").sign()).scopes()).isEmpty();
            assertThat(validator().validate(valid(clock).claim("scope", "").sign()).scopes()).isEmpty();
            // a tab is not a delimiter (RFC 6749 section 3.3: scope tokens are separated by spaces)
            assertThat(validator().validate(valid(clock).claim("scope", "a\tb c").sign()).scopes())
                    .containsExactly("a\tb", "c");
        }

        @Test
        void perRequestScopesAddToTheConfiguredOnes() {
            TokenValidationException refusal = catchRefusal(() ->
                    validator().validate(valid(clock).sign(), Requirements.scopes("orders.write")));
            assertThat(refusal.reason()).isEqualTo(Reason.INSUFFICIENT_SCOPE);
            assertThat(refusal.requiredScopes()).containsExactly("orders.write");
        }

        @Test
        void byDefaultAnyAuthorizedPartyIsAccepted() {
            assertThat(validator().validate(valid(clock).without("azp").sign()).authorizedParty()).isEmpty();
        }

        @Test
        void explicitlyListedAuthorizedParties() {
            TokenValidator validator = builder().audience(AUDIENCE).authorizedParties("service-a").build();

            assertThat(validator.validate(valid(clock).sign()).authorizedParty()).contains("service-a");
            assertThat(reasonOf(() -> validator.validate(valid(clock).claim("azp", "service-x").sign()))).isEqualTo(Reason.INVALID_CLAIM);
            assertThat(reasonOf(() -> validator.validate(valid(clock).without("azp").sign()))).isEqualTo(Reason.MISSING_CLAIM);
        }

        @Test
        void requiredClaimsAndValues() {
            TokenValidator validator = builder().audience(AUDIENCE)
                    .requiredClaim("sid").requiredClaimValue("tenant", "acme").requiredClaimValue("level", 2).build();
            TestTokens base = valid(clock).claim("sid", "s-1").claim("tenant", "acme").claim("level", 2);

            assertThat(validator.validate(base.sign())).isNotNull();
            assertThat(reasonOf(() -> validator.validate(valid(clock).claim("tenant", "acme").claim("level", 2).sign())))
                    .isEqualTo(Reason.MISSING_CLAIM);
            assertThat(reasonOf(() -> validator.validate(base.claim("tenant", "evil").sign()))).isEqualTo(Reason.INVALID_CLAIM);
            assertThat(reasonOf(() -> validator.validate(base.claim("tenant", "acme").claim("level", "2").sign())))
                    .isEqualTo(Reason.INVALID_CLAIM);
            assertThatThrownBy(() -> builder().requiredClaim("a").requiredClaimValue("a", "b")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Size {
        @Test
        void byDefaultTokensOver16KiBAreRefusedBeforeParsing() {
            String big = valid(clock).claim("padding", "A".repeat(13_000)).sign();
            assertThat(big.length()).isGreaterThan(16 * 1024);
            assertThat(reasonOf(() -> validator().validate(big))).isEqualTo(Reason.TOKEN_TOO_LARGE);
            assertThat(reasonOf(() -> validator().validate("x".repeat(20_000)))).isEqualTo(Reason.TOKEN_TOO_LARGE);
        }

        @Test
        void explicitlyLargerLimit() {
            String big = valid(clock).claim("padding", "A".repeat(13_000)).sign();
            assertThat(builder().audience(AUDIENCE).maxTokenSize(32 * 1024).build().validate(big)).isNotNull();
        }
    }

    @Nested
    class StaticKeys {
        @Test
        void aPemPublicKey() {
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(publicKey(TestKeys.RSA)) + "\n-----END PUBLIC KEY-----\n";
            TokenValidator validator = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock)
                    .publicKeyPem(pem).build();

            assertThat(validator.validate(valid(clock).sign())).isNotNull();
        }

        @Test
        void aPemPrivateKeyIsRefused() {
            assertThatThrownBy(() -> TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE)
                    .publicKeyPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("AAAA");
        }

        @Test
        void aJwksFileAndASingleJwk(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("jwks.json"), TestKeys.jwks(TestKeys.RSA));
            assertThat(TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock).jwksFile(file).build()
                    .validate(valid(clock).sign())).isNotNull();
            assertThat(TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock)
                    .jwks(TestKeys.EC.toPublicJWK().toJSONString()).build()
                    .validate(valid(clock).signedBy(TestKeys.EC).sign())).isNotNull();
        }

        @Test
        void privateKeyMaterialInAStaticJwksIsNeverUsedAsSuch() {
            String withPrivate = new com.nimbusds.jose.jwk.JWKSet(TestKeys.RSA).toString(false);
            TokenValidator validator = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock)
                    .jwks(withPrivate).build();
            assertThat(validator.validate(valid(clock).sign())).isNotNull();
        }

        @Test
        void aMissingJwksFileFailsAtBuild(@TempDir Path dir) {
            assertThatThrownBy(() -> TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE)
                    .jwksFile(dir.resolve("nope.json")).build()).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void keySourceCanBeSetOnce() {
            assertThatThrownBy(() -> builder().jwksUri(URI.create("https://x/certs"))).isInstanceOf(IllegalStateException.class);
        }

        private static byte[] publicKey(RSAKey key) {
            try {
                return key.toPublicKey().getEncoded();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Nested
    class Result {
        @Test
        void exposesClaimsRolesAndNeverPrintsTheToken() {
            String raw = valid(clock).claim("custom", Map.of("nested", List.of("a", "b"))).sign();
            VerifiedToken token = validator().validate(raw);

            assertThat(token.rawToken()).isEqualTo(raw);
            assertThat(token.issuer()).isEqualTo(ISSUER);
            assertThat(token.subject()).contains("f2a1c0de-0000-4000-8000-000000000001");
            assertThat(token.audiences()).containsExactly(AUDIENCE);
            assertThat(token.authorizedParty()).contains("service-a");
            assertThat(token.scopes()).containsExactly("profile", "email");
            assertThat(token.realmRoles()).containsExactlyInAnyOrder("user", "offline_access");
            assertThat(token.clientRoles("orders-api")).containsExactly("viewer");
            assertThat(token.clientRoles("nobody")).isEmpty();
            assertThat(token.roles(true, "orders-api")).containsExactly("viewer");
            assertThat(token.roles(false, "orders-api")).contains("user");
            assertThat(token.tokenId()).isPresent();
            assertThat(token.keyId()).contains("rsa-1");
            assertThat(token.expiresAt()).contains(clock.instant().plusSeconds(300));
            assertThat(token.stringClaim("preferred_username")).contains("alice");
            assertThat(token.claim("custom")).get().isEqualTo(Map.of("nested", List.of("a", "b")));
            assertThat(token.toString()).doesNotContain(raw).doesNotContain(raw.substring(raw.lastIndexOf('.') + 1))
                    .contains(token.fingerprint());
            assertThat(token.fingerprint()).hasSize(8).isEqualTo(Fingerprints.of(raw));
        }

        @Test
        @SuppressWarnings("unchecked")
        void claimsAreReadOnly() {
            VerifiedToken token = validator().validate(valid(clock).sign());

            assertThatThrownBy(() -> token.claims().put("aud", "admin")).isInstanceOf(UnsupportedOperationException.class);
            Map<String, Object> realmAccess = (Map<String, Object>) token.claims().get("realm_access");
            assertThatThrownBy(() -> ((List<Object>) realmAccess.get("roles")).add("admin"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> token.realmRoles().add("admin")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> token.audiences().add("admin")).isInstanceOf(UnsupportedOperationException.class);
            assertThat(token.realmRoles()).doesNotContain("admin");
        }

        @Test
        @SuppressWarnings("unchecked")
        void claimsMadeReadOnlyOnceStayReadOnlyThroughEveryAccessor() {
            VerifiedToken token = validator().validate(valid(clock).sign());

            assertThat(token.claims()).isSameAs(token.claims());
            Map<String, Object> realmAccess = (Map<String, Object>) token.claim("realm_access").orElseThrow();
            assertThatThrownBy(() -> ((List<Object>) realmAccess.get("roles")).add("admin"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> realmAccess.put("roles", List.of("admin"))).isInstanceOf(UnsupportedOperationException.class);
            assertThat(token.realmRoles()).doesNotContain("admin");
        }
    }

    @Nested
    class Listening {
        @Test
        void listenerHearsAcceptsAndRejectsWithReasons() {
            List<String> events = new ArrayList<>();
            TokenValidator validator = builder().audience(AUDIENCE).listener(new ValidationListener() {
                @Override
                public void onAccepted(VerifiedToken token, boolean fromCache) {
                    events.add("accepted cached=" + fromCache);
                }

                @Override
                public void onRejected(Reason reason) {
                    events.add("rejected " + reason.code());
                }
            }).build();
            String token = valid(clock).sign();

            validator.validate(token);
            validator.validate(token);
            assertThat(reasonOf(() -> validator.validate("junk"))).isEqualTo(Reason.MALFORMED);

            assertThat(events).containsExactly("accepted cached=false", "accepted cached=true", "rejected malformed");
        }

        @Test
        void aThrowingListenerNeverChangesTheVerdict() {
            TokenValidator validator = builder().audience(AUDIENCE).listener(new ValidationListener() {
                @Override
                public void onAccepted(VerifiedToken token, boolean fromCache) {
                    throw new IllegalStateException("listener bug");
                }

                @Override
                public void onRejected(Reason reason) {
                    throw new IllegalStateException("listener bug");
                }
            }).build();

            assertThat(validator.validate(valid(clock).sign())).isNotNull();
            assertThat(reasonOf(() -> validator.validate(valid(clock).claim("aud", "x").sign()))).isEqualTo(Reason.AUDIENCE_MISMATCH);
        }
    }

    @Test
    void cachesVerdictsSaysWhetherAcceptedTokensAreKept() {
        TokenValidator caching = validator();
        TokenValidator notCaching = builder().audience(AUDIENCE).disableVerifiedTokenCache().build();
        String token = valid(clock).sign();

        assertThat(caching.cachesVerdicts()).isTrue();
        assertThat(caching.validate(token)).isSameAs(caching.validate(token));
        assertThat(notCaching.cachesVerdicts()).isFalse();
        assertThat(notCaching.validate(token)).isNotSameAs(notCaching.validate(token));
    }

    @Test
    void theUnknownKeyRefreshIntervalHasAOneSecondMinimum() {
        for (Duration tooShort : List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofMillis(999), Duration.ofSeconds(-1))) {
            assertThatThrownBy(() -> TokenValidator.builder().unknownKeyRefreshInterval(tooShort))
                    .as("%s", tooShort).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknownKeyRefreshInterval must be at least 1 s");
        }
        assertThat(TokenValidator.builder().unknownKeyRefreshInterval(TokenValidator.Builder.MIN_UNKNOWN_KEY_REFRESH_INTERVAL)
                .keySourceSettings().unknownKeyRefreshInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void remoteKeyOptionsHaveTheirOwnBuilderAndTheOldMethodsStillDelegateToIt() {
        TokenValidator.Builder nested = TokenValidator.builder().remoteKeys(k -> k.connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(3)).maxResponseSize(4096).lifetime(Duration.ofMinutes(5))
                .lifetimeBounds(Duration.ofSeconds(30), Duration.ofHours(2)).refreshAhead(0.5)
                .unknownKeyRefreshInterval(Duration.ofSeconds(20)).staleTolerance(Duration.ofHours(1)));
        @SuppressWarnings("deprecation")
        TokenValidator.Builder flat = TokenValidator.builder().connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(3)).maxJwksSize(4096).keyCacheLifetime(Duration.ofMinutes(5))
                .keyCacheLifetimeBounds(Duration.ofSeconds(30), Duration.ofHours(2)).refreshAhead(0.5)
                .unknownKeyRefreshInterval(Duration.ofSeconds(20)).staleKeyTolerance(Duration.ofHours(1));

        assertThat(nested.keySourceSettings()).isEqualTo(flat.keySourceSettings());
        assertThat(nested.keySourceSettings().staleTolerance()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> nested.remoteKeys(k -> k.lifetime(Duration.ofMinutes(1))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already set");
    }

    @Test
    void theVerifiedTokenCarriesTheHeaderTheValidatorParsed() {
        VerifiedToken token = validator().validate(valid(clock).header("x-custom", "value").sign());

        TokenHeader header = token.header().orElseThrow();
        assertThat(header.algorithm()).isEqualTo("RS256");
        assertThat(header.keyId()).contains("rsa-1");
        assertThat(header.type()).contains("JWT");
        assertThat(header.parameters()).containsEntry("x-custom", "value");
        assertThatThrownBy(() -> header.parameters().put("alg", "none")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theListenerGivenToTheBuilderIsAvailableUnwrappedToTheFrontDoor() {
        ValidationListener mine = new ValidationListener() {
        };
        assertThat(builder().audience(AUDIENCE).listener(mine).build().listener()).isSameAs(mine);
        assertThat(builder().audience(AUDIENCE).build().listener()).isSameAs(ValidationListener.none());
    }

    @Test
    void buildCanRunAgainForAnIndependentValidator() {
        TokenValidator.Builder builder = builder().audience(AUDIENCE);
        TokenValidator first = builder.build();
        TokenValidator second = builder.build();

        assertThat(first).isNotSameAs(second);
        assertThat(second.validate(valid(clock).sign())).isNotNull();
        assertThat(first.health()).singleElement().satisfies(h -> assertThat(h.status()).isEqualTo(KeySourceHealth.Status.UP));
    }

    static TokenValidationException catchRefusal(Runnable validation) {
        try {
            validation.run();
        } catch (TokenValidationException e) {
            return e;
        }
        throw new AssertionError("the token was accepted");
    }

}
