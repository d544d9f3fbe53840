package dev.audguard.conformance;

import dev.audguard.conformance.internal.Answer;
import dev.audguard.conformance.internal.DpopProofs;
import dev.audguard.conformance.internal.Expect;
import dev.audguard.conformance.internal.Json;
import dev.audguard.conformance.internal.Probe;
import dev.audguard.issuer.Fault;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.HostileTokens;
import dev.audguard.issuer.TokenMinter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Checks over real HTTP that a service protected by a bearer-token adapter answers as RFC 6750
 * requires: the right token passes, every hostile token of the catalogue is refused with 401
 * {@code invalid_token}, malformed requests get 400 {@code invalid_request}, a request without a
 * token gets a challenge without {@code error}, and no refusal echoes the token, a stack trace or
 * an exception class. The tokens come from a running {@link dev.audguard.issuer.ReferenceIssuer}:
 * the right one through a real grant, the hostile ones from its {@link TokenMinter}.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> conformance() {
 *     return AdapterConformance.builder()
 *             .realm(issuer.realm("demo"))
 *             .protectedUrl(baseUri.resolve("/api/orders"))
 *             .audience("service-b")            // what the URL requires; the default grant's token carries it
 *             .build()
 *             .tests();
 * }
 * }</pre>
 *
 * <p>The cases, one dynamic test each, named by the expected answer:
 * <ul>
 *   <li>{@code 2xx}: the right token; the same with the scheme in lower case ({@code bearer});
 *       the minted control token that every hostile case bends (if it fails, the hostile cases
 *       prove nothing).</li>
 *   <li>{@code 401 without error}: no {@code Authorization} header; {@code Basic} credentials only.</li>
 *   <li>{@code 400 invalid_request}: {@code Bearer} without a token, a token with a space, two
 *       spaces, a comma or quotes, {@code access_token} in the query (alone, percent-encoded, beside
 *       a header), two {@code Authorization} headers.</li>
 *   <li>{@code 401 invalid_token}: the hostile catalogue ({@code alg none} in four spellings, HMAC
 *       keyed with the public key, RS256 over an EC key, unknown {@code kid}, unknown key under the
 *       real {@code kid}, embedded {@code jwk}, {@code jku}, {@code x5u}, tampered payload or
 *       signature, unknown {@code crit}, JWE-shaped, two, four or one part, bad base64, non-JSON
 *       parts, expired, no expiry, {@code nbf} or {@code iat} in the future, wrong, slashed,
 *       upper-case, missing issuer, {@code aud} missing, empty, wrong, in another case, as a number
 *       or object, Keycloak ID / refresh / offline tokens, {@code typ: dpop+jwt}, no subject); a
 *       token larger than the service accepts (or 431 from a container that refuses it first);
 *       real tokens for other services ({@link Builder#tokensForOtherServices}); a token signed by
 *       a retired key.</li>
 *   <li>Optional: {@code 403 insufficient_scope} with {@code scope="..."} at a URL that requires
 *       scopes the right token lacks ({@link Builder#scopeRequiredAt}); {@code 503} with
 *       {@code Retry-After} from a service whose issuer's keys are unreachable
 *       ({@link Builder#keysUnavailableAt}); the annotation placements ({@link AnnotationPlacements},
 *       {@link Builder#annotationPlacementsAt}): each rule holds wherever in the resource's type
 *       hierarchy it is written.</li>
 *   <li>Optional, at a URL that accepts DPoP-bound tokens ({@link Builder#dpopAt}), RFC 9449
 *       section 7 with a token bound to the kit's own key: {@code 2xx} with its proof; {@code 401}
 *       with a {@code DPoP} challenge and {@code error="invalid_dpop_proof"} for no proof, a proof
 *       for another method, for another URI, a replayed proof, a proof issued ten minutes ago, a
 *       proof with a wrong {@code ath}, a proof by another key than {@code cnf.jkt} names;
 *       {@code 401 invalid_token} for the bound token sent as {@code Bearer}.</li>
 * </ul>
 * Every refusal must carry a {@code WWW-Authenticate: Bearer} challenge, {@code Cache-Control:
 * no-store} and a JSON body ({@code error} and {@code error_description}, or no {@code error}
 * without a token).
 *
 * <p><b>Side effect:</b> before its first request the kit rotates the realm's signing key and
 * retires the previous one, to have a retired key to sign with; the service must fetch the realm's
 * keys after that, so run the kit against a service that has not validated a token yet (its own
 * test class), or call {@link Builder#skipRetiredKeyCase()}.
 *
 * <p>Immutable and thread-safe. Each {@link #tests()} call is one independent run.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750">RFC 6750</a>
 */
public final class AdapterConformance {
    private static final Duration CONTROL_LIFETIME = Duration.ofMinutes(5);

    private final RealmHandle realm;
    private final URI protectedUrl;
    private final String audience;
    private final TokenSource rightToken;
    private final Map<String, TokenSource> otherServices;
    private final UnaryOperator<TokenMinter> mintedTokens;
    private final URI scopeUrl;
    private final List<String> scopes;
    private final URI coldUrl;
    private final RealmHandle coldRealm;
    private final URI placementsBase;
    private final Duration skew;
    private final int maxTokenSize;
    private final boolean retiredKeyCase;
    private final URI dpopUrl;
    private final String dpopHtu;
    private final Probe probe;

    private AdapterConformance(Builder b) {
        this.realm = b.realm;
        this.protectedUrl = b.protectedUrl;
        this.audience = b.audience;
        this.rightToken = b.rightToken != null ? b.rightToken : Builder.DEFAULT_RIGHT_TOKEN;
        this.otherServices = b.otherServices != null ? b.otherServices : Builder.defaultOtherServices();
        this.mintedTokens = b.mintedTokens != null ? b.mintedTokens : UnaryOperator.identity();
        this.scopeUrl = b.scopeUrl;
        this.scopes = b.scopes;
        this.coldUrl = b.coldUrl;
        this.coldRealm = b.coldRealm;
        this.placementsBase = b.placementsBase;
        this.skew = b.skew != null ? b.skew : Duration.ofSeconds(60);
        this.maxTokenSize = b.maxTokenSize != null ? b.maxTokenSize : 16 * 1024;
        this.retiredKeyCase = !b.skipRetiredKeyCase;
        this.dpopUrl = b.dpopUrl;
        this.dpopHtu = b.dpopHtu;
        Duration timeout = b.requestTimeout != null ? b.requestTimeout : Duration.ofSeconds(10);
        this.probe = new Probe(b.httpClient != null ? b.httpClient : Probe.defaultClient(timeout), timeout);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The conformance cases as JUnit dynamic tests, to return from a {@code @TestFactory}. Nothing
     * is sent until the first test runs; then the kit rotates keys (unless skipped), obtains the
     * right token and runs the cases in the order listed in the class description.
     */
    public Stream<DynamicTest> tests() {
        Run run = new Run();
        List<DynamicTest> tests = new ArrayList<>();

        tests.add(test("2xx: the right token from a real grant",
                () -> send(protectedUrl, run.right(), "Bearer ", Expect::accepted)));
        tests.add(test("2xx: the right token with the scheme in lower case (RFC 9110 section 11.1)",
                () -> send(protectedUrl, run.right(), "bearer ", Expect::accepted)));
        tests.add(test("2xx: the minted control token every hostile case bends",
                () -> send(protectedUrl, run.base().sign(), "Bearer ", Expect::accepted)));

        tests.add(test("401 without error: no Authorization header",
                () -> Expect.challengedWithoutError(probe.get(protectedUrl), null)));
        tests.add(test("401 without error: Basic credentials only", () -> {
            String basic = Base64.getEncoder().encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8));
            Expect.challengedWithoutError(probe.get(protectedUrl, "Basic " + basic), basic);
        }));

        tests.add(test("400 invalid_request: Bearer without a token",
                () -> Expect.refused(probe.get(protectedUrl, "Bearer"), 400, "invalid_request", null)));
        tests.add(malformedHeader("a token with a space inside", t -> "Bearer " + t.substring(0, 20) + " " + t.substring(20), run));
        tests.add(malformedHeader("two spaces after Bearer", t -> "Bearer  " + t, run));
        tests.add(malformedHeader("a token followed by a comma", t -> "Bearer " + t + ",", run));
        tests.add(malformedHeader("a token in quotes", t -> "Bearer \"" + t + "\"", run));
        tests.add(test("400 invalid_request: access_token in the query string", () -> {
            String t = run.right();
            Expect.refused(probe.get(withQuery(protectedUrl, "access_token=" + t)), 400, "invalid_request", t);
        }));
        tests.add(test("400 invalid_request: access_token in the query string, name percent-encoded", () -> {
            String t = run.right();
            Expect.refused(probe.get(withQuery(protectedUrl, "access%5Ftoken=" + t)), 400, "invalid_request", t);
        }));
        tests.add(test("400 invalid_request: access_token in the query string beside the header", () -> {
            String t = run.right();
            Expect.refused(probe.get(withQuery(protectedUrl, "access_token=" + t), "Bearer " + t), 400, "invalid_request", t);
        }));
        tests.add(test("400 invalid_request: two Authorization headers", () -> {
            String t = run.right();
            Expect.refused(probe.get(protectedUrl, "Bearer " + t, "Bearer " + t), 400, "invalid_request", t);
        }));

        for (HostileTokens.Hostile hostile : HostileTokens.catalogue()) {
            tests.add(test("401 invalid_token: " + hostile.name(), () -> {
                String token = hostile.token().apply(run);
                Expect.refused(probe.get(protectedUrl, "Bearer " + token), 401, "invalid_token", token);
            }));
        }
        tests.add(test("401 invalid_token: larger than the service accepts (or 431 from the container)", () -> {
            String token = HostileTokens.oversized(run);
            Expect.tooLarge(probe.get(protectedUrl, "Bearer " + token), token);
        }));
        otherServices.forEach((name, source) -> tests.add(test("401 invalid_token: a real token for another service: " + name,
                () -> {
                    String token = source.token(realm);
                    List<String> aud = Json.audiences(Json.claims(token));
                    if (aud.contains(audience)) {
                        throw new AssertionFailedError("misconfigured kit: the token '" + name + "' carries aud " + aud
                                + ", which names " + audience + "; give tokensForOtherServices(...) tokens for other services");
                    }
                    Expect.refused(probe.get(protectedUrl, "Bearer " + token), 401, "invalid_token", token);
                })));
        if (retiredKeyCase) {
            // keys published verbatim before the service's first fetch, so these refusals are about the key, not an unknown kid
            // (the retired key among them)
            for (HostileTokens.Hostile hostile : HostileTokens.publishedKeyCases()) {
                tests.add(test("401 invalid_token: " + hostile.name(), () -> {
                    String token = hostile.token().apply(run);
                    Expect.refused(probe.get(protectedUrl, "Bearer " + token), 401, "invalid_token", token);
                }));
            }
        }

        if (scopeUrl != null) {
            tests.add(test("403 insufficient_scope: the right token where " + String.join(" ", scopes) + " is required", () -> {
                String t = run.right();
                Object granted = Json.claims(t).get("scope");
                Set<String> grantedScopes = granted instanceof String s ? Set.copyOf(Arrays.asList(s.split(" "))) : Set.of();
                if (grantedScopes.containsAll(scopes)) {
                    throw new AssertionFailedError("misconfigured kit: the right token already grants " + scopes
                            + "; give scopeRequiredAt(...) a scope it lacks");
                }
                Expect.insufficientScope(probe.get(scopeUrl, "Bearer " + t), scopes, t);
            }));
        }
        if (placementsBase != null) {
            for (AnnotationPlacements.Rule rule : AnnotationPlacements.Rule.values()) {
                for (AnnotationPlacements.Placement placement : AnnotationPlacements.Placement.values()) {
                    URI url = AnnotationPlacements.url(placementsBase, rule, placement);
                    tests.add(test("annotation placement: " + rule.segment() + " rule on the " + placement.path().replace('/', ' ')
                            + " (" + expectation(rule) + ")", () -> placement(rule, url, run)));
                }
            }
        }
        if (dpopUrl != null) {
            dpopCases(run, tests);
        }
        if (coldUrl != null) {
            tests.add(test("503 with Retry-After: the issuer's keys cannot be fetched", () -> {
                String token = rightToken.token(coldRealm);
                coldRealm.faults().discovery(Fault.down()).jwks(Fault.down());
                try {
                    Expect.unavailable(probe.get(coldUrl, "Bearer " + token), token);
                } finally {
                    coldRealm.faults().clear();
                }
            }));
        }
        return tests.stream();
    }

    /** RFC 9449 section 7 at {@link #dpopUrl}, with a token bound to the run's own DPoP key. */
    private void dpopCases(Run run, List<DynamicTest> tests) {
        tests.add(test("2xx: a DPoP-bound token with its proof", () -> {
            String token = run.boundToken();
            String proof = run.dpop().proof("GET", dpopHtu, Instant.now(), token);
            Expect.accepted(probe.getWithProofs(dpopUrl, "DPoP " + token, proof), token);
        }));
        tests.add(test("401 invalid_dpop_proof: a DPoP-bound token without a proof", () -> {
            String token = run.boundToken();
            Expect.dpopRefused(probe.getWithProofs(dpopUrl, "DPoP " + token), "invalid_dpop_proof", token, null);
        }));
        dpopRefusal(tests, run, "a proof for another method (POST)", token -> run.dpop().proof("POST", dpopHtu, Instant.now(), token));
        dpopRefusal(tests, run, "a proof for another URI", token -> run.dpop().proof("GET", dpopHtu + "/elsewhere", Instant.now(), token));
        dpopRefusal(tests, run, "a proof issued ten minutes ago",
                token -> run.dpop().proof("GET", dpopHtu, Instant.now().minus(Duration.ofMinutes(10)), token));
        dpopRefusal(tests, run, "a proof whose ath is another token's",
                token -> run.dpop().proof("GET", dpopHtu, Instant.now(), token + "x"));
        dpopRefusal(tests, run, "a proof by another key than the token's cnf.jkt",
                token -> DpopProofs.generate().proof("GET", dpopHtu, Instant.now(), token));
        tests.add(test("401 invalid_dpop_proof: a replayed proof", () -> {
            String token = run.boundToken();
            String proof = run.dpop().proof("GET", dpopHtu, Instant.now(), token);
            Expect.accepted(probe.getWithProofs(dpopUrl, "DPoP " + token, proof), token);
            Expect.dpopRefused(probe.getWithProofs(dpopUrl, "DPoP " + token, proof), "invalid_dpop_proof", token, proof);
        }));
        tests.add(test("401 invalid_token: a DPoP-bound token sent as Bearer (RFC 9449 section 7.2)", () -> {
            String token = run.boundToken();
            Expect.refused(probe.getWithProofs(dpopUrl, "Bearer " + token, run.dpop().proof("GET", dpopHtu, Instant.now(), token)),
                    401, "invalid_token", token);
        }));
    }

    private void dpopRefusal(List<DynamicTest> tests, Run run, String what, UnaryOperator<String> proofFor) {
        tests.add(test("401 invalid_dpop_proof: " + what, () -> {
            String token = run.boundToken();
            String proof = proofFor.apply(token);
            Expect.dpopRefused(probe.getWithProofs(dpopUrl, "DPoP " + token, proof), "invalid_dpop_proof", token, proof);
        }));
    }

    private static String expectation(AnnotationPlacements.Rule rule) {
        return switch (rule) {
            case ROLE -> "401 without a token, 403 insufficient_scope or access_denied without the role, 2xx with it";
            case DENY -> "401 without a token, 403 insufficient_scope or access_denied with the role";
            case SCOPE -> "403 insufficient_scope naming the scope without it, 2xx with it";
            case AUDIENCE -> "401 invalid_token for the service's audience, 2xx for the required one";
            case PERMIT -> "2xx without a token";
        };
    }

    /** The answers one endpoint of {@link AnnotationPlacements} must give. */
    private void placement(AnnotationPlacements.Rule rule, URI url, Run run) {
        String plain = run.base().sign();
        String withRole = run.base().claim("realm_access", Map.of("roles", List.of(AnnotationPlacements.ROLE))).sign();
        switch (rule) {
            case ROLE -> {
                Expect.challengedWithoutError(probe.get(url), null);
                Expect.forbidden(probe.get(url, "Bearer " + plain), plain);
                Expect.accepted(probe.get(url, "Bearer " + withRole), withRole);
            }
            case DENY -> {
                Expect.challengedWithoutError(probe.get(url), null);
                Expect.forbidden(probe.get(url, "Bearer " + withRole), withRole);
            }
            case SCOPE -> {
                Expect.insufficientScope(probe.get(url, "Bearer " + plain), List.of(AnnotationPlacements.SCOPE), plain);
                String scoped = run.base().scope(AnnotationPlacements.SCOPE).sign();
                Expect.accepted(probe.get(url, "Bearer " + scoped), scoped);
            }
            case AUDIENCE -> {
                Expect.refused(probe.get(url, "Bearer " + plain), 401, "invalid_token", plain);
                String other = run.base().audience(AnnotationPlacements.AUDIENCE).sign();
                Expect.accepted(probe.get(url, "Bearer " + other), other);
            }
            case PERMIT -> Expect.accepted(probe.get(url), null);
        }
    }

    private DynamicTest malformedHeader(String what, UnaryOperator<String> header, Run run) {
        return test("400 invalid_request: " + what, () -> {
            String t = run.right();
            Expect.refused(probe.get(protectedUrl, header.apply(t)), 400, "invalid_request", t);
        });
    }

    private void send(URI url, String token, String scheme, Check check) {
        check.verify(probe.get(url, scheme + token), token);
    }

    private static DynamicTest test(String name, Executable body) {
        return DynamicTest.dynamicTest(name, body);
    }

    private static URI withQuery(URI url, String parameter) {
        String s = url.toString();
        int fragment = s.indexOf('#');
        if (fragment >= 0) {
            s = s.substring(0, fragment);
        }
        return URI.create(s + (url.getRawQuery() == null ? "?" : "&") + parameter);
    }

    @FunctionalInterface
    private interface Check {
        void verify(Answer answer, String token);
    }

    @Override
    public String toString() {
        return "AdapterConformance{url=" + Probe.withoutQuery(protectedUrl) + ", audience=" + audience + ", realm="
                + realm.issuerUrl() + '}';
    }

    /** One run of the kit: prepares once (keys, right token, the issuer's time), then serves every case. */
    private final class Run implements HostileTokens.Context {
        private Prepared prepared;
        private RuntimeException failure;
        private DpopProofs dpop;

        synchronized DpopProofs dpop() {
            if (dpop == null) {
                dpop = DpopProofs.generate();
            }
            return dpop;
        }

        /** The control token, bound to this run's DPoP key. */
        String boundToken() {
            return base().claim("cnf", Map.of("jkt", dpop().thumbprint())).sign();
        }

        /** {@code published} is null unless the run publishes keys. */
        private record Prepared(String right, Instant now, HostileTokens.Published published) {
        }

        synchronized Prepared prepared() {
            if (prepared == null && failure == null) {
                try {
                    prepared = prepare();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new AssertionFailedError("the conformance kit could not prepare: " + failure.getMessage(), failure);
            }
            return prepared;
        }

        private Prepared prepare() {
            HostileTokens.Published published = retiredKeyCase ? HostileTokens.publish(realm.keys()) : null;
            String right = rightToken.token(realm);
            List<String> aud = Json.audiences(Json.claims(right));
            if (!aud.contains(audience)) {
                throw new IllegalStateException("the right token carries aud " + aud + ", not " + audience
                        + "; give rightToken(...) a grant whose token is minted for the service");
            }
            Instant now = Json.issuedAt(Json.claims(mintedTokens.apply(freshMinter()).sign()))
                    .map(Instant::ofEpochSecond)
                    .orElseThrow(() -> new IllegalStateException("the minted token has no iat: mintedTokens(...) must keep it"));
            return new Prepared(right, now, published);
        }

        String right() {
            return prepared().right();
        }

        private HostileTokens.Published published() {
            HostileTokens.Published published = prepared().published();
            if (published == null) {
                throw new AssertionFailedError("this run published no keys");
            }
            return published;
        }

        @Override
        public java.security.PrivateKey publishedKey(String name) {
            java.security.PrivateKey key = published().privateKeys().get(name);
            if (key == null) {
                throw new AssertionFailedError("no key " + name + " was published in this run");
            }
            return key;
        }

        @Override
        public String publishedKeyId(String name) {
            return published().keyIds().get(name);
        }

        @Override
        public String retiredKeyId() {
            return published().retiredKeyId();
        }

        private TokenMinter freshMinter() {
            return realm.mint().audience(audience).expiresIn(CONTROL_LIFETIME);
        }

        @Override
        public TokenMinter base() {
            prepared();
            return mintedTokens.apply(freshMinter());
        }

        @Override
        public Instant now() {
            return prepared().now();
        }

        @Override
        public Duration skew() {
            return skew;
        }

        @Override
        public String audience() {
            return audience;
        }

        @Override
        public String issuer() {
            return realm.issuerUrl();
        }

        @Override
        public String activeKeyId() {
            prepared();
            return realm.keys().activeKeyId();
        }

        @Override
        public int maxTokenSize() {
            return maxTokenSize;
        }
    }

    /**
     * Configures an {@link AdapterConformance}. {@link #realm}, {@link #protectedUrl} and
     * {@link #audience} are required; each option can be set once.
     *
     * <p>Defaults: the right token is the demo realm's password grant of {@code service-a} /
     * {@code a-secret} for {@code alice} / {@code alice} (its {@code aud} is {@code service-b}); the
     * tokens for other services are the demo realm's {@code service-b} client-credentials token and
     * alice's token exchanged by {@code service-b} for {@code service-c} (both {@code aud}
     * {@code service-c}); clock skew 60 s; largest token 16 KiB (sdk-core's defaults); a new
     * HTTP/1.1 client; 10 s per request.
     *
     * <p>Not thread-safe. {@link #build()} can run again.
     */
    public static final class Builder {
        static final TokenSource DEFAULT_RIGHT_TOKEN = TokenSource.passwordGrant("service-a", "a-secret", "alice", "alice");

        private RealmHandle realm;
        private URI protectedUrl;
        private String audience;
        private TokenSource rightToken;
        private Map<String, TokenSource> otherServices;
        private UnaryOperator<TokenMinter> mintedTokens;
        private URI scopeUrl;
        private List<String> scopes;
        private URI coldUrl;
        private RealmHandle coldRealm;
        private URI placementsBase;
        private Duration skew;
        private Integer maxTokenSize;
        private boolean skipRetiredKeyCase;
        private HttpClient httpClient;
        private Duration requestTimeout;
        private URI dpopUrl;
        private String dpopHtu;

        private Builder() {
        }

        static Map<String, TokenSource> defaultOtherServices() {
            Map<String, TokenSource> tokens = new TreeMap<>();
            tokens.put("client credentials of service-b (aud service-c)", TokenSource.clientCredentials("service-b", "b-secret"));
            tokens.put("alice's token exchanged by service-b for service-c",
                    TokenSource.exchange(DEFAULT_RIGHT_TOKEN, "service-b", "b-secret", "service-c"));
            return tokens;
        }

        /** The realm of the running reference issuer the service trusts. Required. */
        public Builder realm(RealmHandle realm) {
            requireUnset(this.realm, "realm");
            this.realm = Objects.requireNonNull(realm, "realm");
            return this;
        }

        /** The URL the service protects; a {@code GET} with the right token must answer 2xx. Required. */
        public Builder protectedUrl(URI url) {
            requireUnset(this.protectedUrl, "protectedUrl");
            this.protectedUrl = httpUrl(url, "protectedUrl");
            return this;
        }

        /** {@link #protectedUrl(URI)} from a string. */
        public Builder protectedUrl(String url) {
            return protectedUrl(URI.create(Objects.requireNonNull(url, "url")));
        }

        /** The audience the protected URL requires; hostile tokens are minted for it. Required. */
        public Builder audience(String audience) {
            requireUnset(this.audience, "audience");
            if (Objects.requireNonNull(audience, "audience").isBlank()) {
                throw new IllegalArgumentException("audience must not be blank");
            }
            this.audience = audience;
            return this;
        }

        /** Where the right token comes from; its {@code aud} must name {@link #audience}. */
        public Builder rightToken(TokenSource source) {
            requireUnset(this.rightToken, "rightToken");
            this.rightToken = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Real tokens minted for other services, by a name for the test report; each must be
         * refused. Replaces the defaults; an empty map runs none.
         */
        public Builder tokensForOtherServices(Map<String, TokenSource> tokensByName) {
            requireUnset(this.otherServices, "tokensForOtherServices");
            Map<String, TokenSource> copy = new TreeMap<>(Objects.requireNonNull(tokensByName, "tokensByName"));
            copy.values().forEach(v -> Objects.requireNonNull(v, "token source"));
            this.otherServices = copy;
            return this;
        }

        /**
         * Adjusts the minted token every hostile case bends, for services that require more than
         * issuer, audience, expiry and subject (e.g. {@code m -> m.authorizedParty("web")}). It
         * gets a minter with the audience and a 5-minute expiry set, and must return a minter
         * whose token the service accepts: the {@code 2xx} control case checks that.
         */
        public Builder mintedTokens(UnaryOperator<TokenMinter> adjust) {
            requireUnset(this.mintedTokens, "mintedTokens");
            this.mintedTokens = Objects.requireNonNull(adjust, "adjust");
            return this;
        }

        /**
         * Adds the {@code 403 insufficient_scope} case: {@code url} requires {@code scopes}, which
         * the right token does not all hold; the challenge must list them in {@code scope}.
         */
        public Builder scopeRequiredAt(URI url, String... scopes) {
            requireUnset(this.scopeUrl, "scopeRequiredAt");
            URI checked = httpUrl(url, "url");
            if (scopes.length == 0) {
                throw new IllegalArgumentException("name at least one required scope");
            }
            for (String scope : scopes) {
                if (scope == null || scope.isBlank() || scope.indexOf(' ') >= 0) {
                    throw new IllegalArgumentException("a scope must be one non-blank token without spaces");
                }
            }
            this.scopeUrl = checked;
            this.scopes = List.of(scopes);
            return this;
        }

        /**
         * Adds the {@code 503} case: {@code url} is protected by a service that trusts
         * {@code coldRealm} (typically the same realm on a second issuer) and has not fetched its
         * keys yet. The kit obtains the right token there, makes the realm's discovery and JWKS
         * endpoints drop connections, sends the token, expects 503 with {@code Retry-After}, and
         * clears every fault of {@code coldRealm}.
         */
        public Builder keysUnavailableAt(URI url, RealmHandle coldRealm) {
            requireUnset(this.coldUrl, "keysUnavailableAt");
            URI checked = httpUrl(url, "url");
            this.coldRealm = Objects.requireNonNull(coldRealm, "coldRealm");
            this.coldUrl = checked;
            return this;
        }

        /**
         * Adds the annotation-placement cases: under {@code base} the service exposes, for every
         * {@link AnnotationPlacements.Rule} and {@link AnnotationPlacements.Placement}, an endpoint
         * {@code GET {base}/{rule}/{placement}} whose rule is stated in that place of its resource's
         * type hierarchy only (an interface or superclass method, the implementation, a class, a
         * sub-resource behind a locator). The kit checks each rule holds wherever it was written.
         */
        public Builder annotationPlacementsAt(URI base) {
            requireUnset(this.placementsBase, "annotationPlacementsAt");
            this.placementsBase = httpUrl(base, "base");
            return this;
        }

        /**
         * Adds the DPoP cases (RFC 9449 section 7) at {@code url}, a URL whose service accepts
         * DPoP-bound tokens of the realm without server nonces; proofs name {@code url} without its
         * query as {@code htu}.
         */
        public Builder dpopAt(URI url) {
            URI checked = httpUrl(url, "url");
            String s = checked.toString();
            int cut = s.indexOf('?');
            return dpopAt(checked, URI.create(cut < 0 ? s : s.substring(0, cut)));
        }

        /**
         * As {@link #dpopAt(URI)} for a service that states its own external URL (behind a proxy, or
         * configured as its DPoP external base URL): {@code htu} is what proofs for {@code url} must
         * name, such as {@code https://orders.example.com/app/orders}.
         */
        public Builder dpopAt(URI url, URI htu) {
            requireUnset(this.dpopUrl, "dpopAt");
            URI checked = httpUrl(url, "url");
            URI htuChecked = httpUrl(htu, "htu");
            if (htuChecked.getRawQuery() != null || htuChecked.getRawFragment() != null) {
                throw new IllegalArgumentException("htu must not have a query or fragment (RFC 9449 section 4.2)");
            }
            this.dpopUrl = checked;
            this.dpopHtu = htuChecked.toString();
            return this;
        }

        /** The service's clock skew; time cases bend a minute beyond it (default 60 s). */
        public Builder clockSkew(Duration skew) {
            requireUnset(this.skew, "clockSkew");
            if (Objects.requireNonNull(skew, "skew").isNegative()) {
                throw new IllegalArgumentException("skew must not be negative");
            }
            this.skew = skew;
            return this;
        }

        /** The service's largest accepted token in characters (default 16 KiB, sdk-core's). */
        public Builder maxTokenSize(int characters) {
            requireUnset(this.maxTokenSize, "maxTokenSize");
            if (characters < 1) {
                throw new IllegalArgumentException("maxTokenSize must be positive");
            }
            this.maxTokenSize = characters;
            return this;
        }

        /**
         * Leaves the realm's keys alone and drops the retired-key case, for a service that has
         * cached the realm's keys before the kit runs.
         */
        public Builder skipRetiredKeyCase() {
            if (skipRetiredKeyCase) {
                throw new IllegalStateException("skipRetiredKeyCase is already set");
            }
            this.skipRetiredKeyCase = true;
            return this;
        }

        /** The client to send with, e.g. one that trusts a test certificate. It must not follow redirects. */
        public Builder httpClient(HttpClient client) {
            requireUnset(this.httpClient, "httpClient");
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** How long one exchange with the service may take (default 10 s). */
        public Builder requestTimeout(Duration timeout) {
            requireUnset(this.requestTimeout, "requestTimeout");
            if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Builds the kit. Sends nothing.
         *
         * @throws IllegalStateException when the realm, the protected URL or the audience is missing
         */
        public AdapterConformance build() {
            if (realm == null) {
                throw new IllegalStateException("set the realm the service trusts: realm(issuer.realm(\"demo\"))");
            }
            if (protectedUrl == null) {
                throw new IllegalStateException("set the protected URL: protectedUrl(uri)");
            }
            if (audience == null) {
                throw new IllegalStateException("set the audience the protected URL requires: audience(\"...\")");
            }
            return new AdapterConformance(this);
        }

        private static void requireUnset(Object current, String option) {
            if (current != null) {
                throw new IllegalStateException(option + " is already set");
            }
        }

        private static URI httpUrl(URI url, String name) {
            Objects.requireNonNull(url, name);
            if (!url.isAbsolute() || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
                    || url.getRawQuery() != null && url.getRawQuery().contains("access_token")) {
                throw new IllegalArgumentException(name + " must be an absolute http or https URL without access_token");
            }
            return url;
        }
    }
}
