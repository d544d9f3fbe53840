package dev.audguard.core;

import dev.audguard.core.internal.pipeline.SenderBinding;
import dev.audguard.testsupport.ArmedClock;
import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.audguard.core.TestTokens.AUDIENCE;
import static dev.audguard.core.TestTokens.ISSUER;
import static dev.audguard.core.TestTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The front door: every step of the pipeline with a real validator, real keys and real tokens. */
class ProtectedResourceTest {
    private final MutableClock clock = MutableClock.atDefaultStart();
    private final TokenValidator validator = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE)
            .jwks(TestKeys.jwks(TestKeys.RSA)).clock(clock).build();

    private static ResourceRequest get(String path, String... authorization) {
        ResourceRequest.Builder b = ResourceRequest.builder().method("GET").path(path);
        for (String value : authorization) {
            b.authorization(value);
        }
        return b.build();
    }

    private String token() {
        return valid(clock).sign();
    }

    @Nested
    class Credentials {
        private final ProtectedResource resource = ProtectedResource.builder(validator).realm("orders").build();

        @Test
        void authenticateWhenNoTokenThenAnswers401WithoutError() {
            Outcome outcome = resource.authenticate(get("/orders"));

            HttpAnswer answer = outcome.refused().answer();
            assertThat(outcome.refused().refusal().code()).isEqualTo("missing_token");
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"orders\"");
            assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
            assertThat(answer.header("Content-Type")).isEqualTo("application/json");
            assertThat(answer.bodyText()).isEqualTo("{}");
        }

        @Test
        void authenticateWhenTokenInQueryThenRefusesAsInvalidRequest() {
            Outcome outcome = resource.authenticate(ResourceRequest.builder().path("/orders").rawQuery("access_token=" + token())
                    .authorization("Bearer " + token()).build());

            assertThat(outcome.refused().refusal().reason()).contains(Reason.INVALID_REQUEST);
            assertThat(outcome.refused().answer().status()).isEqualTo(400);
        }

        @Test
        void authenticateWhenTwoAuthorizationValuesThenRefusesAsInvalidRequest() {
            Outcome outcome = resource.authenticate(get("/orders", "Bearer " + token(), "Bearer " + token()));

            assertThat(outcome.refused().refusal().reason()).contains(Reason.INVALID_REQUEST);
        }

        @Test
        void authenticateWhenOtherSchemeThenTreatsAsNoToken() {
            assertThat(resource.authenticate(get("/orders", "Basic dXNlcjpwYXNz")).refused().refusal().code())
                    .isEqualTo("missing_token");
        }

        @Test
        void authenticateWhenValidTokenThenAcceptsWithPrincipalAndRoles() {
            Outcome outcome = resource.authenticate(get("/orders", "Bearer " + token()));

            assertThat(outcome.isAccepted()).isTrue();
            assertThat(outcome.accepted().token().audiences()).contains(AUDIENCE);
            assertThat(outcome.accepted().principal()).map(BearerPrincipal::getName).contains("f2a1c0de-0000-4000-8000-000000000001");
            assertThat(outcome.accepted().hasRole("user")).isTrue();
            assertThat(outcome.accepted().hasRole("viewer")).isFalse();
            assertThat(outcome.accepted().isUserInRole("**")).isTrue();
            assertThat(outcome.accepted().hasRole("**")).isFalse();
            assertThat(outcome.accepted().isUserInRole(null)).isFalse();
            String kind = outcome.fold(a -> "accepted", n -> "anonymous", r -> "refused");
            assertThat(kind).isEqualTo("accepted");
        }

        @Test
        void authenticateWhenTokenExpiredThenAnswers401InvalidToken() {
            String expired = valid(clock).expiresIn(clock, Duration.ofMinutes(-10)).sign();

            HttpAnswer answer = resource.authenticate(get("/orders", "Bearer " + expired)).refused().answer();

            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
            assertThat(answer.bodyText()).contains("\"error\":\"invalid_token\"").doesNotContain(expired);
        }

        @Test
        void aRefusalCanNameTheScopesAnOperationNeedsEvenWithoutAToken() {
            HttpAnswer answer = resource.answer(Refusal.missingToken().withRequiredScopes(List.of("tools:call", "files:read")));
            HttpAnswer expired = resource.answer(Refusal.of(Reason.EXPIRED).withRequiredScopes(List.of("tools:call")));

            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"orders\", scope=\"files:read tools:call\"");
            assertThat(answer.bodyText()).isEqualTo("{}");
            assertThat(expired.header("WWW-Authenticate")).contains("error=\"invalid_token\"").endsWith("scope=\"tools:call\"");
            assertThatThrownBy(() -> Refusal.missingToken().withRequiredScopes(List.of("a b"))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void fixedAnswersArePreparedOnce() {
            Outcome first = resource.authenticate(get("/a"));
            Outcome second = resource.authenticate(get("/b"));

            assertThat(first.refused().answer()).isSameAs(second.refused().answer());
            assertThat(resource.answer(Refusal.of(Reason.EXPIRED))).isSameAs(resource.answer(Refusal.of(Reason.EXPIRED)));
        }
    }

    @Nested
    class Rules {
        @Test
        void theMostSpecificRuleWinsWhateverTheOrder() {
            ProtectedResource resource = ProtectedResource.builder(validator)
                    .rule("/api/*", AccessRule.authenticated())
                    .rule("/api/admin/*", AccessRule.authenticated().withScopes("admin"))
                    .build();
            ProtectedResource reversed = ProtectedResource.builder(validator)
                    .rule("/api/admin/*", AccessRule.authenticated().withScopes("admin"))
                    .rule("/api/*", AccessRule.authenticated())
                    .build();

            for (ProtectedResource r : List.of(resource, reversed)) {
                Outcome outcome = r.authenticate(get("/api/admin/users", "Bearer " + token()));
                assertThat(outcome.refused().answer().status()).isEqualTo(403);
                assertThat(outcome.refused().answer().header("WWW-Authenticate")).contains("scope=\"admin\"");
                assertThat(r.authenticate(get("/api/orders", "Bearer " + token())).isAccepted()).isTrue();
            }
        }

        @Test
        void exactBeatsPrefixBeatsExtensionBeatsDefault() {
            ProtectedResource resource = ProtectedResource.builder(validator)
                    .rule("/", AccessRule.denyAll())
                    .rule("*.css", AccessRule.unprotected())
                    .rule("/static/*", AccessRule.authenticated())
                    .rule("/static/open.css", AccessRule.permitAll())
                    .build();

            assertThat(resource.ruleFor("/static/open.css")).isEqualTo(AccessRule.permitAll());
            assertThat(resource.ruleFor("/static/site.css")).isEqualTo(AccessRule.authenticated());
            assertThat(resource.ruleFor("/site.css")).isEqualTo(AccessRule.unprotected());
            assertThat(resource.ruleFor("/other")).isEqualTo(AccessRule.denyAll());
        }

        @Test
        void aRequestWithoutAPathGetsTheDefaultRuleNotTheRootOne() {
            ProtectedResource resource = ProtectedResource.builder(validator).unprotected("").build();

            assertThat(resource.authenticate(ResourceRequest.builder().build()).refused().refusal().code()).isEqualTo("missing_token");
            assertThat(resource.authenticate(get("/")).isAnonymous()).isTrue();
        }

        @Test
        void twoRulesForOnePatternFailAtBuild() {
            ProtectedResource.Builder builder = ProtectedResource.builder(validator).rule("/api/*", AccessRule.authenticated());

            assertThatThrownBy(() -> builder.rule("/api/*", AccessRule.denyAll()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/api/* already has a rule");
        }

        @Test
        void anUnprotectedPathIsNotLookedAtEvenWithABadToken() {
            ProtectedResource resource = ProtectedResource.builder(validator).unprotected("/health").build();

            assertThat(resource.authenticate(get("/health", "Bearer not.a.token")).isAnonymous()).isTrue();
            assertThat(resource.authenticate(get("/orders", "Bearer not.a.token")).isRefused()).isTrue();
        }

        @Test
        void permitAllLetsAnonymousRequestsThroughButChecksATokenThatIsSent() {
            ProtectedResource resource = ProtectedResource.builder(validator).rule("/open/*", AccessRule.permitAll()).build();

            assertThat(resource.authenticate(get("/open/x")).isAnonymous()).isTrue();
            assertThat(resource.authenticate(get("/open/x", "Bearer " + token())).isAccepted()).isTrue();
            String wrongAudience = valid(clock).claim("aud", "elsewhere").sign();
            assertThat(resource.authenticate(get("/open/x", "Bearer " + wrongAudience)).refused().refusal().reason())
                    .contains(Reason.AUDIENCE_MISMATCH);
        }

        @Test
        void denyAllRefusesAValidTokenWith403AccessDenied() {
            ProtectedResource resource = ProtectedResource.builder(validator).build();

            Outcome outcome = resource.authenticate(get("/x", "Bearer " + token()), AccessRule.denyAll());

            assertThat(outcome.refused().refusal().reason()).contains(Reason.ACCESS_DENIED);
            assertThat(outcome.refused().answer().status()).isEqualTo(403);
            assertThat(outcome.refused().answer().header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(outcome.refused().answer().bodyText()).contains("\"error\":\"access_denied\"");
            assertThat(resource.authenticate(get("/x"), AccessRule.denyAll()).refused().refusal().code()).isEqualTo("missing_token");
        }

        @Test
        void rolesAreReadFromTheRealmOrTheConfiguredClient() {
            ProtectedResource realm = ProtectedResource.builder(validator).build();
            ProtectedResource client = ProtectedResource.builder(validator).rolesFromClient("orders-api").build();
            AccessRule viewers = AccessRule.authenticated().withAnyRole("viewer", "admin");

            assertThat(realm.authenticate(get("/x", "Bearer " + token()), viewers).refused().refusal().reason())
                    .contains(Reason.INSUFFICIENT_ROLE);
            assertThat(realm.authenticate(get("/x", "Bearer " + token()), viewers).refused().answer().status()).isEqualTo(403);
            assertThat(client.authenticate(get("/x", "Bearer " + token()), viewers).isAccepted()).isTrue();
        }

        @Test
        void anAdapterSuppliedRuleReplacesThePathRules() {
            ProtectedResource resource = ProtectedResource.builder(validator).unprotected("/*").build();

            Outcome outcome = resource.authenticate(get("/x"), AccessRule.of(Requirements.audience(AudienceRule.anyOf("reports-api"))));

            assertThat(outcome.refused().refusal().code()).isEqualTo("missing_token");
            assertThat(resource.authenticate(get("/x", "Bearer " + token()), AccessRule.authenticated().withAudience(AudienceRule.anyOf("reports-api")))
                    .refused().refusal().reason()).contains(Reason.AUDIENCE_MISMATCH);
        }

        @Test
        void scopesOfRulesAreTheMetadataScopes() {
            ProtectedResource resource = ProtectedResource.builder(validator)
                    .rule("/reports/*", AccessRule.authenticated().withScopes("reports:read"))
                    .resourceMetadata(URI.create("https://orders.example.com/api"))
                    .build();

            assertThat(resource.metadata().orElseThrow().scopesSupported()).containsExactly("reports:read");
            assertThat(resource.metadataAnswer().orElseThrow().bodyText()).contains("\"resource\":\"https://orders.example.com/api\"");
            assertThat(resource.authenticate(get("/x")).refused().answer().header("WWW-Authenticate"))
                    .contains("resource_metadata=\"https://orders.example.com/.well-known/oauth-protected-resource/api\"");
        }
    }

    @Nested
    class Paths {
        private final ProtectedResource resource = ProtectedResource.builder(validator)
                .unprotected("/public/*")
                .rule("/admin/*", AccessRule.denyAll())
                .build();

        @ParameterizedTest
        @ValueSource(strings = {"/public/../admin/x", "/public/..;/admin/x", "/public;x=1/../admin", "/public/%2e%2e/admin",
                "/public/%2fadmin", "/public\\..\\admin", "/public//admin", "/public/./x", "/admin./x", "/public/x.",
                "/public/%252e%252e/admin", "public/x", "/public/\u0000"})
        void byDefaultRefusesPathsThatCannotBeMatchedSafely(String path) {
            Outcome outcome = resource.authenticate(get(path, "Bearer " + token()));

            assertThat(outcome.refused().refusal().reason()).contains(Reason.INVALID_PATH);
            assertThat(outcome.refused().answer().status()).isEqualTo(400);
            assertThat(outcome.refused().answer().bodyText()).doesNotContain(path);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/public/a.b/c", "/public/", "/public/file name.txt", "/", ""})
        void ordinaryPathsPass(String path) {
            assertThat(resource.authenticate(get(path, "Bearer " + token())).isRefused())
                    .as(path).isEqualTo(path.startsWith("/admin"));
        }
    }

    @Nested
    class UnexpectedFailures {
        @RegisterExtension
        final CapturedLog captured = new CapturedLog();
        private final ArmedClock armed = new ArmedClock(clock);
        private final List<Reason> reported = Collections.synchronizedList(new ArrayList<>());
        private final TokenValidator failing = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE)
                .jwks(TestKeys.jwks(TestKeys.RSA)).clock(armed).disableVerifiedTokenCache().build();
        private final ProtectedResource resource = ProtectedResource.builder(failing).clock(clock)
                .listener(new ValidationListener() {
                    @Override
                    public void onRejected(Reason reason) {
                        reported.add(reason);
                    }
                }).build();

        private String log() {
            return captured.text();
        }

        @Test
        void validateWhenTheValidatorThrowsThenAnswers500InternalErrorAndReportsItApart() {
            String token = token();
            armed.arm();

            Outcome outcome = resource.authenticate(get("/x", "Bearer " + token));

            HttpAnswer answer = outcome.refused().answer();
            assertThat(outcome.refused().refusal().reason()).contains(Reason.INTERNAL_ERROR);
            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(answer.bodyText()).isEqualTo(
                    "{\"error\":\"server_error\",\"error_description\":\"The access token could not be checked because of an internal error.\"}");
            assertThat(reported).containsExactly(Reason.INTERNAL_ERROR);
            assertThat(log()).contains("ERROR").contains(ArmedClock.Failure.class.getName())
                    .doesNotContain("clock exploded").doesNotContain(token);
        }

        @Test
        void unexpectedFailuresAreLoggedOnceAMinutePerClassWithTheCountSuppressed() {
            String token = token();
            armed.arm();
            for (int i = 0; i < 5; i++) {
                resource.authenticate(get("/x", "Bearer " + token));
            }
            assertThat(lines()).hasSize(1);

            clock.advance(Duration.ofSeconds(59));
            resource.authenticate(get("/x", "Bearer " + token));
            assertThat(lines()).hasSize(1);

            clock.advance(Duration.ofSeconds(2));
            resource.authenticate(get("/x", "Bearer " + token));
            assertThat(lines()).hasSize(2);
            assertThat(lines().get(0)).doesNotContain("more of this kind");
            assertThat(lines().get(1)).contains("5 more of this kind since the last such line were not logged");
            assertThat(reported).hasSize(7).containsOnly(Reason.INTERNAL_ERROR);
        }

        @Test
        void byDefaultTheFrontDoorReportsToTheValidatorsListenerWhatTheValidatorDidNot() {
            List<Reason> seen = Collections.synchronizedList(new ArrayList<>());
            TokenValidator listened = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE).jwks(TestKeys.jwks(TestKeys.RSA))
                    .clock(clock).listener(new ValidationListener() {
                        @Override
                        public void onRejected(Reason reason) {
                            seen.add(reason);
                        }
                    }).build();
            ProtectedResource resource = ProtectedResource.builder(listened).build();
            String expired = valid(clock).expiresIn(clock, Duration.ofMinutes(-10)).sign();

            resource.authenticate(get("/a/../b", "Bearer " + token()));
            resource.authenticate(get("/x", "Bearer " + expired));
            resource.authenticate(get("/x", "Bearer " + token()), AccessRule.authenticated().withAnyRole("admin"));

            assertThat(seen).containsExactly(Reason.INVALID_PATH, Reason.EXPIRED, Reason.INSUFFICIENT_ROLE);
        }

        @Test
        void aListenerThatThrowsChangesNoVerdict() {
            ProtectedResource withBadListener = ProtectedResource.builder(validator).listener(new ValidationListener() {
                @Override
                public void onRejected(Reason reason) {
                    throw new IllegalStateException("listener bug");
                }
            }).build();

            assertThat(withBadListener.authenticate(get("/x", "Bearer a b")).refused().refusal().reason()).contains(Reason.INVALID_REQUEST);
        }

        private List<String> lines() {
            return log().lines().filter(l -> l.contains("failed unexpectedly")).toList();
        }
    }

    @Nested
    class Steps {
        @Test
        void aSenderBindingStepRefusesWithItsOwnRefusal() {
            Refusal unbound = Refusal.of("proof_missing", 401, "invalid_token", "The token is bound to a key the request does not prove.");
            List<String> seen = new ArrayList<>();
            SenderBinding binding = new SenderBinding() {
                @Override
                public Optional<Refusal> check(ResourceRequest request, dev.audguard.core.internal.pipeline.Credential credential,
                                               VerifiedToken token) {
                    seen.addAll(request.headerValues("DPoP"));
                    return token.claims().containsKey("cnf") ? Optional.of(unbound) : Optional.empty();
                }

                @Override
                public java.util.Set<String> headers() {
                    return java.util.Set.of("DPoP");
                }
            };
            ProtectedResource resource = ProtectedResource.builder(validator).senderBinding(binding).build();
            String bound = valid(clock).claim("cnf", Map.of("jkt", "abc")).sign();

            Outcome outcome = resource.authenticate(ResourceRequest.builder().path("/x").authorization("Bearer " + bound)
                    .header("dpop", "proof").build());

            assertThat(resource.requestHeaders()).containsExactly("Authorization", "DPoP");
            assertThat(seen).containsExactly("proof");
            assertThat(outcome.refused().refusal()).isEqualTo(unbound);
            assertThat(outcome.refused().answer().header("WWW-Authenticate")).contains("error=\"invalid_token\"");
            assertThat(resource.authenticate(get("/x", "Bearer " + token())).isAccepted()).isTrue();
        }

        @Test
        void aBindingStepAddsItsChallengeToEvery401AndItsFieldsToTheMetadata() {
            SenderBinding dpop = new SenderBinding() {
                @Override
                public Optional<Refusal> check(ResourceRequest request, dev.audguard.core.internal.pipeline.Credential credential,
                                               VerifiedToken token) {
                    if (credential.isBearer()) {
                        return Optional.empty();
                    }
                    return Optional.of(Refusal.of("invalid_dpop_proof", 401, "invalid_dpop_proof", "The DPoP proof is invalid.")
                            .withChallenge("DPoP algs=\"ES256\", error=\"invalid_dpop_proof\"")
                            .withHeader("DPoP-Nonce", "n-1"));
                }

                @Override
                public java.util.Set<String> schemes() {
                    return java.util.Set.of("dpop");
                }

                @Override
                public Optional<String> challenge() {
                    return Optional.of("DPoP algs=\"ES256\"");
                }

                @Override
                public List<HttpAnswer.Header> acceptedHeaders(ResourceRequest request, VerifiedToken token) {
                    return List.of(new HttpAnswer.Header("DPoP-Nonce", "n-2"));
                }

                @Override
                public Map<String, Object> metadataFields() {
                    return Map.of("dpop_signing_alg_values_supported", List.of("ES256"));
                }
            };
            ProtectedResource resource = ProtectedResource.builder(validator).realm("orders").senderBinding(dpop)
                    .resourceMetadata(URI.create("https://orders.example.com")).build();

            HttpAnswer missing = resource.authenticate(get("/x")).refused().answer();
            assertThat(missing.headers()).extracting(HttpAnswer.Header::name, HttpAnswer.Header::repeated).startsWith(
                    org.assertj.core.groups.Tuple.tuple("WWW-Authenticate", false), org.assertj.core.groups.Tuple.tuple("WWW-Authenticate", true));
            assertThat(missing.headers().get(1).value()).isEqualTo("DPoP algs=\"ES256\"");
            HttpAnswer badProof = resource.authenticate(get("/x", "DPoP " + token())).refused().answer();
            assertThat(badProof.headers().get(1).value()).isEqualTo("DPoP algs=\"ES256\", error=\"invalid_dpop_proof\"");
            assertThat(badProof.header("DPoP-Nonce")).isEqualTo("n-1");
            assertThat(resource.authenticate(get("/x", "Bearer " + token())).accepted().responseHeaders())
                    .containsExactly(new HttpAnswer.Header("DPoP-Nonce", "n-2"));
            assertThat(resource.metadataAnswer().orElseThrow().bodyText()).contains("\"dpop_signing_alg_values_supported\":[\"ES256\"]");
            assertThat(resource.authenticate(get("/x", "Bearer " + token()), AccessRule.denyAll()).refused().answer().headers())
                    .extracting(HttpAnswer.Header::name).containsOnlyOnce("WWW-Authenticate");
        }

        @Test
        void aSenderConstraintSurvivesEveryOtherRequirement() {
            Requirements bound = Requirements.scopes("a").withSenderConstraint().withAudience(AudienceRule.anyOf("x")).withScopes(List.of("b"));

            assertThat(bound.senderConstrained()).isTrue();
            assertThat(bound.scopes()).containsExactlyInAnyOrder("a", "b");
            assertThat(Requirements.none().senderConstrained()).isFalse();
            assertThat(bound).isNotEqualTo(Requirements.scopes("a", "b").withAudience(AudienceRule.anyOf("x")));
            assertThat(bound.withSenderConstraint()).isSameAs(bound);
        }

        @Test
        void aStepThatThrowsIsAnInternalError() {
            ProtectedResource resource = ProtectedResource.builder(validator)
                    .senderBinding((request, credential, token) -> {
                        throw new UnsupportedOperationException("bug");
                    }).build();

            assertThat(resource.authenticate(get("/x", "Bearer " + token())).refused().refusal().reason()).contains(Reason.INTERNAL_ERROR);
        }

        @Test
        void anExceptionCarryingARefusalIsAnsweredWithIt() {
            ProtectedResource resource = ProtectedResource.builder(validator).retryAfter(Duration.ofSeconds(7)).build();
            Refusal unavailable = Refusal.of("issuer_unavailable", 503, "temporarily_unavailable", "The token issuer is unavailable; try again later.");

            HttpAnswer answer = resource.answerFor(new RuntimeException(new CarrierException(unavailable))).orElseThrow();
            HttpAnswer asked = resource.answerFor(new CarrierException(unavailable.withRetryAfter(Duration.ofSeconds(30)))).orElseThrow();

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("7");
            assertThat(asked.header("Retry-After")).isEqualTo("30");
            assertThat(resource.answerFor(new IllegalStateException("other"))).isEmpty();
            assertThat(resource.answerFor(new TokenValidationException(Reason.EXPIRED))).isEmpty();
        }
    }

    /** An exception of the test that carries a refusal, as the exchange client's do. */
    static final class CarrierException extends RuntimeException implements Refusal.Carrier {
        private final transient Refusal refusal;

        CarrierException(Refusal refusal) {
            super("failed", null, false, false);
            this.refusal = refusal;
        }

        @Override
        public Refusal refusal() {
            return refusal;
        }
    }
}
