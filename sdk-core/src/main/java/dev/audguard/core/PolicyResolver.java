package dev.audguard.core;

import com.nimbusds.jose.JWSAlgorithm;
import dev.audguard.core.internal.HttpFetcher;
import dev.audguard.core.internal.JwksParser;
import dev.audguard.core.internal.KeySource;
import dev.audguard.core.internal.KeySourceSettings;
import dev.audguard.core.internal.RemoteJwksKeySource;
import dev.audguard.core.internal.StaticKeySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns a {@link TokenValidator.Builder} into one {@link IssuerPolicy} per trusted issuer: the
 * defaults, the per-issuer options over them, the Keycloak adapter file's half, the fail-closed
 * audience rule, the transport rule for remote keys, and one key source per distinct key location.
 * Not API.
 *
 * <p>Not thread-safe: used once per {@code build()}.
 */
final class PolicyResolver {
    private static final Logger log = LoggerFactory.getLogger(PolicyResolver.class);

    private final TokenValidator.Builder b;

    PolicyResolver(TokenValidator.Builder builder) {
        this.b = builder;
    }

    /** The configured issuers, with the Keycloak file's issuer added when the builder names none like it. */
    Map<String, TokenValidator.IssuerBuilder> issuers() {
        Map<String, TokenValidator.IssuerBuilder> configured = new LinkedHashMap<>(b.issuers);
        if (b.keycloak != null) {
            applyKeycloak(configured);
        }
        if (configured.isEmpty()) {
            throw new IllegalStateException("no trusted issuer: call issuer(...) (or keycloak(...))");
        }
        return configured;
    }

    /** Resolves every issuer's policy, creating the key sources through {@code sources}. */
    Map<String, IssuerPolicy> policies(Map<String, TokenValidator.IssuerBuilder> configured, KeySources sources) {
        Map<String, IssuerPolicy> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, TokenValidator.IssuerBuilder> entry : configured.entrySet()) {
            resolved.put(entry.getKey(), resolve(entry.getKey(), entry.getValue(), sources));
        }
        return Collections.unmodifiableMap(resolved);
    }

    private void applyKeycloak(Map<String, TokenValidator.IssuerBuilder> configured) {
        String issuer = b.keycloak.issuer();
        if (configured.containsKey(issuer)) {
            return;
        }
        TokenValidator.IssuerBuilder fromFile = new TokenValidator.IssuerBuilder();
        if (b.keycloak.verifyTokenAudience().orElse(true)) {
            if (b.keycloak.resource().isPresent() && b.audiences == null && !b.audienceCheckDisabled) {
                fromFile.audience(b.keycloak.resource().get());
            }
        } else if (!b.audienceCheckDisabled) {
            log.warn("keycloak.json sets verify-token-audience=false; audguard still requires an audience: "
                    + "set one, or call disableAudienceCheck() in code to accept tokens meant for any service");
        }
        if (b.keys == null && b.keycloak.realmPublicKey().isPresent()) {
            fromFile.publicKeyPem(b.keycloak.realmPublicKeyPem());
        }
        if (b.keycloak.sslRequired().equalsIgnoreCase("none") && b.allowInsecureHttp == null) {
            log.warn("keycloak.json sets \"ssl-required\": \"none\"; audguard fetches keys over plain HTTP from a "
                    + "host that is not loopback only together with the front end's own opt-in (servlet init parameter "
                    + "allow-insecure-http=true, BearerTokenFeature.keycloakAllowingInsecureHttp(path), the Spring property "
                    + "audguard.allow-insecure-http=true, or TokenValidator.Builder.allowInsecureHttp() in code)");
        }
        configured.put(issuer, fromFile);
    }

    private IssuerPolicy resolve(String issuer, TokenValidator.IssuerBuilder own, KeySources sources) {
        boolean disabled = own.audiences == null && (own.audienceCheckDisabled || (b.audiences == null && b.audienceCheckDisabled));
        Set<String> audienceSet = PolicyBuilder.either(own.audiences, b.audiences);
        AudienceRule rule = null;
        if (!disabled) {
            if (audienceSet == null) {
                throw new IllegalStateException(noAudienceMessage(issuer));
            }
            rule = new AudienceRule(audienceSet, PolicyBuilder.either(PolicyBuilder.either(own.audienceMatch, b.audienceMatch), AudienceMatch.ANY_OF));
        }
        PolicyBuilder.KeySpec keySpec = PolicyBuilder.either(own.keys, b.keys);
        if (keySpec == null) {
            try {
                HttpFetcher.checkTransport(URI.create(issuer), Boolean.TRUE.equals(b.allowInsecureHttp),
                        b.keycloak != null && b.keycloak.sslRequired().equalsIgnoreCase("all"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot discover the keys of issuer " + issuer + ": " + e.getMessage(), e);
            }
        } else if (keySpec instanceof PolicyBuilder.JwksUriKeys uri) {
            HttpFetcher.checkTransport(uri.uri(), Boolean.TRUE.equals(b.allowInsecureHttp),
                    b.keycloak != null && b.keycloak.sslRequired().equalsIgnoreCase("all"));
        }
        Set<JWSAlgorithm> algs = new HashSet<>();
        for (String name : PolicyBuilder.either(PolicyBuilder.either(own.algorithms, b.algorithms), PolicyBuilder.SUPPORTED_ALGORITHMS)) {
            algs.add(JWSAlgorithm.parse(name));
        }
        Set<String> parties = PolicyBuilder.either(own.authorizedParties, b.authorizedParties);
        return new IssuerPolicy(issuer, rule, Set.copyOf(algs),
                PolicyBuilder.either(PolicyBuilder.either(own.clockSkew, b.clockSkew), Duration.ofSeconds(60)).toMillis(),
                !Boolean.TRUE.equals(PolicyBuilder.either(own.expiryOptional, b.expiryOptional)),
                !Boolean.TRUE.equals(PolicyBuilder.either(own.subjectOptional, b.subjectOptional)),
                Boolean.TRUE.equals(PolicyBuilder.either(own.accessTokenTypeRequired, b.accessTokenTypeRequired)),
                PolicyBuilder.either(PolicyBuilder.either(own.requiredScopes, b.requiredScopes), Set.of()),
                PolicyBuilder.claimRules(own, b),
                parties,
                sources.forIssuer(issuer, keySpec));
    }

    private String noAudienceMessage(String issuer) {
        String message = "no audience configured for issuer " + issuer + ": a token minted for any other service "
                + "would be accepted. Call audience(\"<this service's client id>\"), or, if that is really "
                + "intended, disableAudienceCheck()";
        if (b.keycloak != null && b.keycloak.verifyTokenAudience().isPresent() && !b.keycloak.verifyTokenAudience().get()) {
            message += " (keycloak.json sets verify-token-audience=false, which audguard only honours when "
                    + "disableAudienceCheck() is called in code)";
        }
        return message;
    }

    /** Creates each key source once, sharing one between issuers that name the same keys. */
    static final class KeySources {
        private final Clock clock;
        private final ValidationListener listener;
        private final Consumer<Set<String>> onKeysRemoved;
        private final KeySourceSettings settings;
        private final Map<Object, KeySource> bySpec = new LinkedHashMap<>();
        private final Map<PolicyBuilder.KeySpec, KeySource> byIdentity = new IdentityHashMap<>();
        private HttpFetcher fetcher;
        private final SSLContext sslContext;

        KeySources(KeySourceSettings settings, SSLContext sslContext, Clock clock, ValidationListener listener,
                   Consumer<Set<String>> onKeysRemoved) {
            this.sslContext = sslContext;
            this.clock = clock;
            this.listener = listener;
            this.onKeysRemoved = onKeysRemoved;
            this.settings = settings;
        }

        KeySource forIssuer(String issuer, PolicyBuilder.KeySpec spec) {
            if (spec == null) {
                return bySpec.computeIfAbsent("discovery:" + issuer,
                        k -> RemoteJwksKeySource.forIssuer(issuer, fetcher(), settings, clock, listener, onKeysRemoved));
            }
            if (spec instanceof PolicyBuilder.JwksUriKeys uri) {
                return bySpec.computeIfAbsent(uri.uri(),
                        k -> RemoteJwksKeySource.forJwksUri(uri.uri(), fetcher(), settings, clock, listener, onKeysRemoved));
            }
            return byIdentity.computeIfAbsent(spec, k -> staticKeys((PolicyBuilder.StaticKeys) spec));
        }

        private HttpFetcher fetcher() {
            if (fetcher == null) {
                fetcher = new HttpFetcher(settings, sslContext);
            }
            return fetcher;
        }

        private KeySource staticKeys(PolicyBuilder.StaticKeys spec) {
            String text = spec.text();
            if (text == null) {
                try {
                    text = Files.readString(Path.of(spec.origin()), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read the JWKS file " + spec.origin(), e);
                }
            }
            try {
                return new StaticKeySource(JwksParser.parseAny(text).keys());
            } catch (JwksParser.InvalidKeysException e) {
                throw new IllegalArgumentException("no usable key in " + spec.origin() + ": " + e.getMessage());
            }
        }

        List<KeySource> all() {
            Set<KeySource> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            distinct.addAll(bySpec.values());
            distinct.addAll(byIdentity.values());
            return List.copyOf(distinct);
        }
    }
}
