package dev.audguard.spring.internal;

import dev.audguard.core.AudienceMatch;
import dev.audguard.core.AudienceRule;
import dev.audguard.core.IntrospectionMode;
import dev.audguard.core.KeycloakAdapterConfig;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenIntrospector;
import dev.audguard.core.TokenValidator;
import dev.audguard.spring.AudguardProperties;
import dev.audguard.core.internal.HttpFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code audguard.*} and Spring's {@code spring.security.oauth2.resourceserver.jwt.*}
 * properties into a configured {@link TokenValidator.Builder} and the per-path rules, failing
 * with an {@link AudguardConfigurationException} that names the property at fault. Not API.
 *
 * <p>Immutable once created; thread-safe.
 */
public final class ValidatorSettings {
    private static final String SPRING = SpringJwtProperties.PREFIX;
    private static final String INSECURE = "audguard.allow-insecure-http";
    private static final Logger log = LoggerFactory.getLogger(ValidatorSettings.class);
    /** sdk-core builder options named in its refusals, by the property that sets them. */
    private static final Map<String, String> OPTION_PROPERTIES = Map.ofEntries(
            Map.entry("maxTokenSize", "audguard.max-token-size"),
            Map.entry("connectTimeout", "audguard.connect-timeout"),
            Map.entry("requestTimeout", "audguard.request-timeout"),
            Map.entry("keyCacheLifetime", "audguard.key-cache.lifetime"),
            Map.entry("refreshAhead", "audguard.key-cache.refresh-ahead"),
            Map.entry("unknownKeyRefreshInterval", "audguard.key-cache.unknown-key-refresh-interval"),
            Map.entry("staleKeyTolerance", "audguard.key-cache.stale-tolerance"),
            Map.entry("disableVerifiedTokenCache()", "audguard.verified-token-cache.enabled=false"),
            Map.entry("allowInsecureHttp()", INSECURE + "=true"),
            Map.entry("disableAudienceCheck()", "audguard.disable-audience-check=true"));
    private static final Pattern JAVA_NAME = Pattern.compile("\\b[a-z]+[A-Z][A-Za-z]*(?:\\(\\))?");

    private final AudguardProperties properties;
    private final SpringJwtProperties spring;
    private final SpringOpaqueTokenProperties opaque;
    private final KeycloakAdapterConfig keycloak;

    /** Reads the Keycloak file, when one is configured; no Spring opaquetoken properties. */
    public ValidatorSettings(AudguardProperties properties, SpringJwtProperties spring) {
        this(properties, spring, SpringOpaqueTokenProperties.none());
    }

    /** Reads the Keycloak file, when one is configured. */
    public ValidatorSettings(AudguardProperties properties, SpringJwtProperties spring, SpringOpaqueTokenProperties opaque) {
        this.properties = properties;
        this.spring = spring;
        this.opaque = opaque;
        this.keycloak = properties.getKeycloakJson() == null ? null : readKeycloak(properties.getKeycloakJson());
        checkIntrospectionTurnedOn();
    }

    /**
     * audguard.introspection.* set without what turns introspection on (a client or an endpoint)
     * would silently introspect nothing: fails naming what is set.
     */
    private void checkIntrospectionTurnedOn() {
        AudguardProperties.Introspection in = properties.getIntrospection();
        String prefix = "audguard.introspection";
        if (introspectionConfigured()) {
            return;
        }
        Map<String, Object> optional = new LinkedHashMap<>();
        optional.put(prefix + ".client-secret", in.getClientSecret());
        optional.put(prefix + ".private-key-location", in.getPrivateKeyLocation());
        optional.put(prefix + ".private-key-id", in.getPrivateKeyId());
        optional.put(prefix + ".private-key-algorithm", in.getPrivateKeyAlgorithm());
        optional.put(prefix + ".mode", in.getMode());
        optional.put(prefix + ".issuer", in.getIssuer());
        optional.put(prefix + ".jwt-responses", in.getJwtResponses());
        optional.put(SpringOpaqueTokenProperties.PREFIX + ".client-secret", opaque.clientSecret());
        List<String> set = optional.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
        if (!set.isEmpty()) {
            throw new AudguardConfigurationException("audguard: " + String.join(", ", set) + (set.size() == 1 ? " is" : " are") + " set without "
                    + prefix + ".client-id, so no token would be introspected.",
                    "Set " + prefix + ".client-id to this service's client at the issuer (the endpoint is discovered from the "
                            + "issuer's metadata, or set " + prefix + ".endpoint), or remove the " + prefix + ".* properties.");
        }
    }

    /** Whether introspection is on: a client or an endpoint, in audguard's properties or Spring's opaquetoken ones. */
    public boolean introspectionConfigured() {
        AudguardProperties.Introspection in = properties.getIntrospection();
        return in.getEndpoint() != null || in.getClientId() != null || opaque.turnsIntrospectionOn();
    }

    /** The one value of a setting audguard and Spring both name; both set and different fails naming both. */
    private static String either(String ours, String ourProperty, String spring, String springProperty, boolean secret) {
        if (ours != null && spring != null && !ours.equals(spring)) {
            throw new AudguardConfigurationException("audguard: " + ourProperty + (secret ? "" : " (" + ours + ")") + " and "
                    + springProperty + (secret ? "" : " (" + spring + ")") + " are both set and disagree.",
                    "Keep one of " + ourProperty + " and " + springProperty + ", or give them the same value.");
        }
        return ours != null ? ours : spring;
    }

    /** The Keycloak adapter file, when configured. */
    public Optional<KeycloakAdapterConfig> keycloak() {
        return Optional.ofNullable(keycloak);
    }

    /** The claim naming the principal: Spring's principal-claim-name, else keycloak.json's principal-attribute, else sub. */
    public String principalClaim() {
        if (spring.principalClaimName() != null && !spring.principalClaimName().isBlank()) {
            return spring.principalClaimName();
        }
        return keycloak != null ? keycloak.principalAttribute() : "sub";
    }

    /**
     * A builder holding every property; the caller adds a listener and customizations, then builds.
     *
     * @throws AudguardConfigurationException when the properties are missing or contradict each other
     */
    public TokenValidator.Builder builder() {
        TokenValidator.Builder builder = TokenValidator.builder();
        List<String> defaults = defaultAudiences();
        apply("audguard.disable-audience-check", () -> {
            if (properties.isDisableAudienceCheck()) {
                if (!defaults.isEmpty()) {
                    throw new IllegalStateException("it contradicts the audiences configured");
                }
                builder.disableAudienceCheck();
            } else if (!defaults.isEmpty()) {
                builder.audiences(defaults);
            }
        });
        if (properties.getAudienceMatch() != null) {
            builder.audienceMatch(properties.getAudienceMatch());
        }
        if (!spring.jwsAlgorithms().isEmpty()) {
            apply(SPRING + ".jws-algorithms", () -> builder.algorithms(spring.jwsAlgorithms().toArray(String[]::new)));
        }
        applyIfSet("audguard.clock-skew", properties.getClockSkew(), builder::clockSkew);
        if (properties.isRequireAccessTokenType()) {
            builder.requireAccessTokenType();
        }
        applyIfSet("audguard.max-token-size", properties.getMaxTokenSize(), builder::maxTokenSize);
        if (properties.isAllowInsecureHttp()) {
            log.warn("audguard: {}=true: keys and discovery documents may be fetched over plain HTTP from any host, "
                    + "where anyone on the network path could swap the keys; use it only on a network you trust", INSECURE);
            builder.allowInsecureHttp();
        }
        applyIfSet("audguard.connect-timeout", properties.getConnectTimeout(), builder::connectTimeout);
        applyIfSet("audguard.request-timeout", properties.getRequestTimeout(), builder::requestTimeout);
        keyCache(builder, properties.getKeyCache());
        AudguardProperties.VerifiedTokenCache cache = properties.getVerifiedTokenCache();
        if (!cache.isEnabled()) {
            if (cache.getSize() != null) {
                throw new AudguardConfigurationException("audguard: audguard.verified-token-cache.size is set while the cache is disabled.",
                        "Remove audguard.verified-token-cache.size, or set audguard.verified-token-cache.enabled=true.");
            }
            builder.disableVerifiedTokenCache();
        } else if (cache.getSize() != null) {
            apply("audguard.verified-token-cache.size", () -> builder.verifiedTokenCacheSize(cache.getSize()));
        }
        Map<String, Boolean> issuers = issuers(builder, !defaults.isEmpty());
        if (issuers.isEmpty()) {
            throw new AudguardConfigurationException("audguard: no trusted issuer is configured, so no token can be checked.",
                    "Set " + SPRING + ".issuer-uri to the issuer your tokens name in iss (for Keycloak: "
                            + "https://HOST/realms/REALM), or list issuers under audguard.issuers, or point "
                            + "audguard.keycloak-json at your keycloak.json.");
        }
        if (!properties.isDisableAudienceCheck()) {
            issuers.forEach((issuer, hasAudience) -> {
                if (!hasAudience) {
                    throw AudguardConfigurationException.noAudience(issuer);
                }
            });
        }
        return builder;
    }

    /** Builds {@code builder}, turning a refusal of sdk-core into a configuration failure. */
    public static TokenValidator build(TokenValidator.Builder builder) {
        try {
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new AudguardConfigurationException("audguard: the token validator cannot be built: " + inPropertyTerms(e.getMessage()),
                    "Correct the audguard.* / " + SPRING + ".* properties (or the TokenValidatorCustomizer) named above.", e);
        }
    }

    /** Which tokens are introspected: {@code audguard.introspection.mode}, default opaque tokens only. */
    public IntrospectionMode introspectionMode() {
        IntrospectionMode mode = properties.getIntrospection().getMode();
        return mode != null ? mode : IntrospectionMode.OPAQUE_TOKENS;
    }

    /**
     * The introspector {@code audguard.introspection.*} describes, for the one issuer it names (or
     * the only trusted one), under that issuer's audiences; empty without an endpoint.
     *
     * @throws AudguardConfigurationException naming the property at fault
     */
    public Optional<TokenIntrospector> introspector(TokenValidator validator) {
        AudguardProperties.Introspection in = properties.getIntrospection();
        String prefix = "audguard.introspection";
        String springPrefix = SpringOpaqueTokenProperties.PREFIX;
        if (!introspectionConfigured()) {
            return Optional.empty();
        }
        String endpointValue = either(in.getEndpoint() == null ? null : in.getEndpoint().toString(), prefix + ".endpoint",
                opaque.introspectionUri(), springPrefix + ".introspection-uri", false);
        String endpointProperty = in.getEndpoint() != null ? prefix + ".endpoint" : springPrefix + ".introspection-uri";
        String clientId = either(in.getClientId(), prefix + ".client-id", opaque.clientId(), springPrefix + ".client-id", false);
        String clientSecret = either(in.getClientSecret(), prefix + ".client-secret", opaque.clientSecret(),
                springPrefix + ".client-secret", true);
        String secretProperty = in.getClientSecret() != null ? prefix + ".client-secret" : springPrefix + ".client-secret";
        Set<String> trusted = validator.issuers();
        String issuer = in.getIssuer();
        if (issuer == null) {
            if (trusted.size() != 1) {
                throw new AudguardConfigurationException("audguard: " + prefix + ".issuer is missing, and " + trusted.size()
                        + " issuers are trusted " + new java.util.TreeSet<>(trusted) + ".",
                        "Set " + prefix + ".issuer to the one whose tokens are introspected.");
            }
            issuer = trusted.iterator().next();
        } else if (!trusted.contains(issuer)) {
            throw new AudguardConfigurationException("audguard: " + prefix + ".issuer (" + issuer + ") is not a trusted issuer "
                    + new java.util.TreeSet<>(trusted) + ".",
                    "Set " + prefix + ".issuer to one of the trusted issuers, exactly as its tokens carry it in iss.");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new AudguardConfigurationException("audguard: " + prefix + ".client-id is missing; issuers answer "
                    + "introspection only for an authenticated client.",
                    "Set " + prefix + ".client-id (and " + prefix + ".client-secret, or " + prefix
                            + ".private-key-location) to this service's client at the issuer.");
        }
        TokenIntrospector.Builder builder = TokenIntrospector.builder(issuer);
        if (endpointValue != null) {
            checkTransport(endpointValue, endpointProperty, false);
            builder.endpoint(URI.create(endpointValue));
        } else {
            builder.discoverEndpoint();
        }
        clientAuthentication(builder, in, clientId, clientSecret, secretProperty);
        AudguardProperties.Introspection.JwtResponses jwt = in.getJwtResponses();
        if (jwt == AudguardProperties.Introspection.JwtResponses.REQUIRED) {
            builder.requireJwtResponses(validator);
        } else if (jwt == AudguardProperties.Introspection.JwtResponses.WHEN_OFFERED) {
            if (endpointValue != null) {
                throw new AudguardConfigurationException("audguard: " + prefix + ".jwt-responses=when-offered reads "
                        + "introspection_signing_alg_values_supported from the issuer's discovery document, but " + endpointProperty
                        + " is set, so that document is not read.",
                        "Remove " + endpointProperty + " (the endpoint is discovered too), or set " + prefix + ".jwt-responses=required.");
            }
            builder.jwtResponsesWhenOffered(validator);
        }
        if (properties.isDisableAudienceCheck()) {
            builder.disableAudienceCheck();
        } else {
            // the answers are held to the audiences the issuer's JWTs are held to
            List<String> audiences = audiencesOf(issuer);
            if (audiences.isEmpty()) {
                throw AudguardConfigurationException.noAudience(issuer);
            }
            if (audienceMatchOf(issuer) == AudienceMatch.ALL_OF && audiences.size() > 1) {
                throw new AudguardConfigurationException("audguard: the issuer " + issuer + " requires all of the audiences "
                        + audiences + ", which introspection cannot check (any one of them suffices there).",
                        "Use audience-match any-of for that issuer, or remove " + prefix + ".endpoint.");
            }
            builder.audience(audiences.toArray(String[]::new));
        }
        if (properties.isAllowInsecureHttp()) {
            builder.allowInsecureHttp();
        }
        if (properties.getClockSkew() != null) {
            builder.clockSkew(properties.getClockSkew());
        }
        applyIfSet(prefix + ".max-cache-lifetime", in.getMaxCacheLifetime(), builder::maxCacheLifetime);
        applyIfSet(prefix + ".inactive-cache-lifetime", in.getInactiveCacheLifetime(), builder::inactiveCacheLifetime);
        applyIfSet(prefix + ".connect-timeout", in.getConnectTimeout(), builder::connectTimeout);
        applyIfSet(prefix + ".request-timeout", in.getRequestTimeout(), builder::requestTimeout);
        applyIfSet(prefix + ".max-in-flight", in.getMaxInFlight(), builder::maxInFlight);
        applyIfSet(prefix + ".max-calls-per-second", in.getMaxCallsPerSecond(), builder::maxCallsPerSecond);
        applyIfSet(prefix + ".max-cache-size", in.getMaxCacheSize(), builder::maxCacheSize);
        TokenIntrospector[] built = new TokenIntrospector[1];
        apply(endpointValue != null ? endpointProperty : prefix + ".issuer", () -> built[0] = builder.build());
        return Optional.of(built[0]);
    }

    /** client_secret_basic / _post, or private_key_jwt with the key at private-key-location; exactly one. */
    private static void clientAuthentication(TokenIntrospector.Builder builder, AudguardProperties.Introspection in, String clientId,
                                             String clientSecret, String secretProperty) {
        String prefix = "audguard.introspection";
        String location = in.getPrivateKeyLocation();
        if (location == null) {
            for (String[] orphan : new String[][] {{in.getPrivateKeyId(), prefix + ".private-key-id"},
                    {in.getPrivateKeyAlgorithm(), prefix + ".private-key-algorithm"}}) {
                if (orphan[0] != null) {
                    throw new AudguardConfigurationException("audguard: " + orphan[1] + " is set without " + prefix
                            + ".private-key-location, so there is no key it could describe.",
                            "Set " + prefix + ".private-key-location to the client's private key, or remove " + orphan[1] + ".");
                }
            }
            if (clientSecret == null || clientSecret.isEmpty()) {
                throw new AudguardConfigurationException("audguard: " + prefix + ".client-secret is missing.",
                        "Set " + prefix + ".client-secret to the secret of " + prefix + ".client-id (e.g. ${INTROSPECTION_SECRET}), "
                                + "or " + prefix + ".private-key-location to its private key for private_key_jwt.");
            }
            if (in.isClientSecretPost()) {
                builder.clientSecretPost(clientId, clientSecret);
            } else {
                builder.clientSecretBasic(clientId, clientSecret);
            }
            return;
        }
        if (clientSecret != null) {
            throw new AudguardConfigurationException("audguard: " + secretProperty + " and " + prefix
                    + ".private-key-location are both set; a client authenticates one way.",
                    "Keep " + secretProperty + " (client_secret_basic) or " + prefix + ".private-key-location (private_key_jwt).");
        }
        if (in.isClientSecretPost()) {
            throw new AudguardConfigurationException("audguard: " + prefix + ".client-secret-post=true is set with " + prefix
                    + ".private-key-location, which sends no secret.",
                    "Remove " + prefix + ".client-secret-post, or use a secret instead of the key.");
        }
        String property = prefix + ".private-key-location";
        String text = read(location, property).trim();
        if (text.startsWith("{")) {
            for (String[] fromJwk : new String[][] {{in.getPrivateKeyId(), prefix + ".private-key-id"},
                    {in.getPrivateKeyAlgorithm(), prefix + ".private-key-algorithm"}}) {
                if (fromJwk[0] != null) {
                    throw new AudguardConfigurationException("audguard: " + fromJwk[1] + " is set, but " + property + " (" + location
                            + ") is a JWK, which names its own kid and alg.",
                            "Remove " + fromJwk[1] + ", or put the value into the JWK.");
                }
            }
            apply(property, () -> builder.privateKeyJwt(clientId, text));
            return;
        }
        java.security.PrivateKey key = PrivateKeys.fromPem(text, property, location);
        String algorithm = in.getPrivateKeyAlgorithm() != null ? in.getPrivateKeyAlgorithm() : PrivateKeys.defaultAlgorithm(key);
        apply(in.getPrivateKeyAlgorithm() != null ? prefix + ".private-key-algorithm" : property,
                () -> builder.privateKeyJwt(clientId, key, in.getPrivateKeyId(), algorithm));
    }

    /** The audiences configured for {@code issuer}: its own under audguard.issuers, else the defaults, else keycloak.json's resource. */
    private List<String> audiencesOf(String issuer) {
        for (AudguardProperties.Issuer configured : properties.getIssuers()) {
            if (issuer.equals(configured.getUri()) && !configured.getAudiences().isEmpty()) {
                return List.copyOf(configured.getAudiences());
            }
        }
        List<String> defaults = defaultAudiences();
        if (!defaults.isEmpty()) {
            return defaults;
        }
        if (keycloak != null && keycloak.issuer().equals(issuer) && keycloak.resource().isPresent()) {
            return List.of(keycloak.resource().get());
        }
        return List.of();
    }

    private AudienceMatch audienceMatchOf(String issuer) {
        for (AudguardProperties.Issuer configured : properties.getIssuers()) {
            if (issuer.equals(configured.getUri()) && configured.getAudienceMatch() != null) {
                return configured.getAudienceMatch();
            }
        }
        return properties.getAudienceMatch() != null ? properties.getAudienceMatch() : AudienceMatch.ANY_OF;
    }

    /** The per-path rules, in order. */
    public Map<String, Requirements> pathRules() {
        Map<String, Requirements> rules = new LinkedHashMap<>();
        List<AudguardProperties.PathRule> paths = properties.getPaths();
        for (int i = 0; i < paths.size(); i++) {
            AudguardProperties.PathRule rule = paths.get(i);
            String name = "audguard.paths[" + i + "]";
            if (rule.getPattern() == null || rule.getPattern().isBlank()) {
                throw new AudguardConfigurationException("audguard: " + name + ".pattern is missing.",
                        "Give every audguard.paths entry a pattern such as /reports/**.");
            }
            if (rule.getAudiences().isEmpty() && rule.getScopes().isEmpty()) {
                throw new AudguardConfigurationException("audguard: " + name + " (" + rule.getPattern() + ") requires nothing.",
                        "Give it audiences and/or scopes, or remove it.");
            }
            if (rule.getAudiences().isEmpty() && rule.getAudienceMatch() != null) {
                throw new AudguardConfigurationException("audguard: " + name + ".audience-match is set without audiences.",
                        "Add " + name + ".audiences, or remove " + name + ".audience-match.");
            }
            if (rules.containsKey(rule.getPattern())) {
                throw new AudguardConfigurationException("audguard: the pattern " + rule.getPattern() + " has two rules.",
                        "Keep one audguard.paths entry per pattern.");
            }
            Requirements requirements = Requirements.none();
            try {
                if (!rule.getAudiences().isEmpty()) {
                    AudienceMatch match = rule.getAudienceMatch() != null ? rule.getAudienceMatch() : AudienceMatch.ANY_OF;
                    requirements = requirements.withAudience(new AudienceRule(Set.copyOf(rule.getAudiences()), match));
                }
                requirements = requirements.withScopes(rule.getScopes());
            } catch (IllegalArgumentException e) {
                throw new AudguardConfigurationException("audguard: " + name + ": " + e.getMessage(), "Correct " + name + ".", e);
            }
            rules.put(rule.getPattern(), requirements);
        }
        return rules;
    }

    private List<String> defaultAudiences() {
        List<String> fromSpring = spring.audiences();
        List<String> ours = properties.getAudiences();
        if (!fromSpring.isEmpty() && !ours.isEmpty() && !Set.copyOf(fromSpring).equals(Set.copyOf(ours))) {
            throw new AudguardConfigurationException("audguard: " + SPRING + ".audiences " + fromSpring
                    + " and audguard.audiences " + ours + " disagree.", "Set the audiences in one of the two places.");
        }
        return fromSpring.isEmpty() ? List.copyOf(ours) : fromSpring;
    }

    /** Adds every issuer; returns each with whether it has an audience rule. */
    private Map<String, Boolean> issuers(TokenValidator.Builder builder, boolean defaultAudience) {
        Map<String, Boolean> issuers = new LinkedHashMap<>();
        if (spring.issuerUri() != null && !spring.issuerUri().isBlank()) {
            String issuer = spring.issuerUri();
            if (spring.jwkSetUri() != null && !spring.jwkSetUri().isBlank()) {
                checkTransport(spring.jwkSetUri(), SPRING + ".jwk-set-uri", false);
            } else {
                checkTransport(issuer, SPRING + ".issuer-uri", false);
            }
            apply(SPRING + ".issuer-uri", () -> builder.issuer(issuer, i -> {
                if (spring.jwkSetUri() != null && !spring.jwkSetUri().isBlank()) {
                    i.jwksUri(spring.jwkSetUri());
                }
            }));
            issuers.put(issuer, defaultAudience);
        } else if (spring.jwkSetUri() != null && !spring.jwkSetUri().isBlank()) {
            throw new AudguardConfigurationException("audguard: " + SPRING + ".jwk-set-uri is set without an issuer-uri; "
                    + "audguard checks every token's iss against the trusted issuers.",
                    "Set " + SPRING + ".issuer-uri to the value your tokens carry in iss.");
        }
        List<AudguardProperties.Issuer> configured = properties.getIssuers();
        for (int n = 0; n < configured.size(); n++) {
            AudguardProperties.Issuer issuer = configured.get(n);
            String name = "audguard.issuers[" + n + "]";
            if (issuer.getUri() == null || issuer.getUri().isBlank()) {
                throw new AudguardConfigurationException("audguard: " + name + ".uri is missing.",
                        "Give every audguard.issuers entry the uri its tokens carry in iss.");
            }
            if (issuer.getJwkSetUri() != null && issuer.getJwksFile() != null) {
                throw new AudguardConfigurationException("audguard: " + name + " names two key sources.",
                        "Keep one of " + name + ".jwk-set-uri and " + name + ".jwks-file.");
            }
            if (issuers.containsKey(issuer.getUri())) {
                throw new AudguardConfigurationException("audguard: the issuer " + issuer.getUri() + " is configured twice.",
                        "Configure each issuer once, either as " + SPRING + ".issuer-uri or under audguard.issuers.");
            }
            String jwks = issuer.getJwksFile() == null ? null : read(issuer.getJwksFile(), name + ".jwks-file");
            if (issuer.getJwkSetUri() != null) {
                checkTransport(issuer.getJwkSetUri().toString(), name + ".jwk-set-uri", false);
            } else if (jwks == null) {
                checkTransport(issuer.getUri(), name + ".uri", false);
            }
            String property = jwks != null ? name + ".jwks-file" : issuer.getJwkSetUri() != null ? name + ".jwk-set-uri" : name;
            apply(property, () -> builder.issuer(issuer.getUri(), options(issuer, jwks)));
            issuers.put(issuer.getUri(), !issuer.getAudiences().isEmpty() || defaultAudience);
        }
        if (keycloak != null) {
            if (!issuers.containsKey(keycloak.issuer()) && keycloak.realmPublicKey().isEmpty()) {
                checkTransport(keycloak.issuer(), "audguard.keycloak-json (auth-server-url)",
                        keycloak.sslRequired().equalsIgnoreCase("all"));
            }
            apply("audguard.keycloak-json", () -> builder.keycloak(keycloak));
            if (!issuers.containsKey(keycloak.issuer())) {
                boolean fromFile = keycloak.verifyTokenAudience().orElse(true) && keycloak.resource().isPresent();
                issuers.put(keycloak.issuer(), fromFile || defaultAudience);
            }
        }
        return issuers;
    }

    private static Consumer<TokenValidator.IssuerBuilder> options(AudguardProperties.Issuer issuer, String jwks) {
        return i -> {
            if (!issuer.getAudiences().isEmpty()) {
                i.audiences(issuer.getAudiences());
            }
            if (issuer.getAudienceMatch() != null) {
                i.audienceMatch(issuer.getAudienceMatch());
            }
            if (issuer.getJwkSetUri() != null) {
                i.jwksUri(issuer.getJwkSetUri());
            }
            if (jwks != null) {
                i.jwks(jwks);
            }
            if (!issuer.getJwsAlgorithms().isEmpty()) {
                i.algorithms(issuer.getJwsAlgorithms().toArray(String[]::new));
            }
        };
    }

    private static void keyCache(TokenValidator.Builder builder, AudguardProperties.KeyCache cache) {
        applyIfSet("audguard.key-cache.lifetime", cache.getLifetime(), builder::keyCacheLifetime);
        if (cache.getMinLifetime() != null || cache.getMaxLifetime() != null) {
            Duration min = cache.getMinLifetime() != null ? cache.getMinLifetime() : Duration.ofMinutes(1);
            Duration max = cache.getMaxLifetime() != null ? cache.getMaxLifetime() : Duration.ofHours(24);
            apply("audguard.key-cache.min-lifetime / max-lifetime", () -> builder.keyCacheLifetimeBounds(min, max));
        }
        applyIfSet("audguard.key-cache.refresh-ahead", cache.getRefreshAhead(), builder::refreshAhead);
        applyIfSet("audguard.key-cache.unknown-key-refresh-interval", cache.getUnknownKeyRefreshInterval(),
                builder::unknownKeyRefreshInterval);
        applyIfSet("audguard.key-cache.stale-tolerance", cache.getStaleTolerance(), builder::staleKeyTolerance);
    }

    /** A property left unset keeps the builder's default; a set one is handed over as {@link #apply} does. */
    private static <T> void applyIfSet(String property, T value, Consumer<? super T> option) {
        if (value != null) {
            apply(property, () -> option.accept(value));
        }
    }

    /** Runs one builder call, naming {@code property} when sdk-core refuses the value. */
    private static void apply(String property, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e instanceof AudguardConfigurationException configuration) {
                throw configuration;
            }
            String message = inPropertyTerms(e.getMessage());
            String description = message.startsWith(property) ? "audguard: " + message : "audguard: " + property + ": " + message;
            throw new AudguardConfigurationException(description, "Correct " + property + ".", e);
        }
    }

    /** sdk-core's refusal with the builder options it names replaced by their properties. */
    static String inPropertyTerms(String message) {
        if (message == null) {
            return "the value is not accepted";
        }
        Matcher names = JAVA_NAME.matcher(message);
        StringBuilder out = new StringBuilder();
        while (names.find()) {
            names.appendReplacement(out, Matcher.quoteReplacement(OPTION_PROPERTIES.getOrDefault(names.group(), names.group())));
        }
        return names.appendTail(out).toString();
    }

    /**
     * Refuses a plain-http URL on a host that is not loopback (or on any host when keycloak.json
     * says ssl-required=all) unless audguard.allow-insecure-http, naming the property; sdk-core
     * would refuse it too, naming its Java method.
     */
    private void checkTransport(String url, String property, boolean httpsEvenOnLoopback) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new AudguardConfigurationException("audguard: " + property + " is not a URL.",
                    "Set " + property + " to an absolute https URL.", e);
        }
        try {
            HttpFetcher.checkTransport(uri, properties.isAllowInsecureHttp(), httpsEvenOnLoopback);
        } catch (IllegalArgumentException e) {
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new AudguardConfigurationException("audguard: " + property + " (" + url + ") is not an https URL.",
                        "Set " + property + " to an absolute https URL.", e);
            }
            if (httpsEvenOnLoopback) {
                throw new AudguardConfigurationException("audguard: " + property + " (" + url + ") uses plain http, but "
                        + "keycloak.json sets ssl-required=all.",
                        "Use https in auth-server-url, or set ssl-required to external in keycloak.json.", e);
            }
            throw new AudguardConfigurationException("audguard: " + property + " (" + url + ") uses plain http on a host "
                    + "that is not loopback, so anyone on the network path could swap the issuer's keys.",
                    "Use https; or, only where the network itself is trusted (e.g. inside a cluster), set "
                            + INSECURE + "=true.", e);
        }
    }

    private static KeycloakAdapterConfig readKeycloak(String location) {
        String json = read(location, "audguard.keycloak-json");
        try {
            return KeycloakAdapterConfig.parse(json);
        } catch (IllegalArgumentException e) {
            throw new AudguardConfigurationException("audguard: audguard.keycloak-json (" + location + "): "
                    + inPropertyTerms(e.getMessage()), "Correct the Keycloak adapter file.", e);
        }
    }

    /**
     * The file {@code location} names: {@code classpath:...} on the class path, a {@code file:}
     * URL, anything else a file-system path (not a servlet-context resource, which is what a
     * Spring MVC application would otherwise make of a plain path).
     */
    static Resource resource(String location) {
        if (location.startsWith("classpath:") || location.startsWith("file:")) {
            return new DefaultResourceLoader().getResource(location);
        }
        return new FileSystemResource(location);
    }

    private static String read(String location, String property) {
        if (location.isBlank()) {
            throw new AudguardConfigurationException("audguard: " + property + " is empty.",
                    "Point " + property + " at a readable file (classpath:... or a file system path), or remove it.");
        }
        Resource resource = resource(location);
        try {
            return resource.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AudguardConfigurationException("audguard: " + property + " cannot be read: " + resource.getDescription(),
                    "Point " + property + " at a readable file (classpath:... or a file system path).", e);
        }
    }
}
