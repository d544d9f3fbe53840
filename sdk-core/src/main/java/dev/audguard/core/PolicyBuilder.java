package dev.audguard.core;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The checks and key source of a trusted issuer, shared by {@link TokenValidator.Builder} (where
 * they are defaults for every issuer) and {@link TokenValidator.IssuerBuilder} (where they apply to
 * one issuer and win over the defaults).
 *
 * <p>Safe choices need no code: audience required, {@code exp} and {@code sub} required, RS/PS/ES
 * algorithms only, 60 s clock skew. Every opt-out is a method that reads as one
 * ({@link #disableAudienceCheck()}, {@link #allowMissingExpiry()}). Each option can be set once;
 * setting it again, or setting an option that contradicts one already set, fails at the call.
 *
 * <p>Not thread-safe: configure on one thread, then call {@code build()}.
 *
 * @param <B> the concrete builder, returned by every method for chaining
 */
public abstract class PolicyBuilder<B extends PolicyBuilder<B>> {
    /** Asymmetric JWS algorithms that can be allowed; HMAC and {@code none} never can. */
    static final Set<String> SUPPORTED_ALGORITHMS =
            Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    Set<String> audiences;
    AudienceMatch audienceMatch;
    boolean audienceCheckDisabled;
    Set<String> algorithms;
    Duration clockSkew;
    Boolean expiryOptional;
    Boolean subjectOptional;
    Boolean accessTokenTypeRequired;
    Set<String> requiredScopes;
    Set<String> requiredClaims = new LinkedHashSet<>();
    Map<String, Object> requiredClaimValues = new LinkedHashMap<>();
    Set<String> authorizedParties;
    KeySpec keys;

    PolicyBuilder() {
    }

    /** Where keys come from; {@code null} in a builder means discovery from the issuer. */
    sealed interface KeySpec permits JwksUriKeys, StaticKeys {
    }

    record JwksUriKeys(URI uri) implements KeySpec {
    }

    /** {@code text} is a JWKS, a single JWK or a PEM public key; {@code origin} names it in errors. */
    record StaticKeys(String text, String origin) implements KeySpec {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    static void requireUnset(Object current, String option) {
        if (current != null) {
            throw new IllegalStateException(option + " was already set");
        }
    }

    /**
     * The audiences this service answers to (Keycloak's {@code resource} with
     * {@code verify-token-audience}). A token must carry at least one of them in {@code aud}, or all of
     * them with {@link AudienceMatch#ALL_OF}. Required unless {@link #disableAudienceCheck()}.
     */
    public B audience(String... audiences) {
        return audiences(Arrays.asList(audiences));
    }

    /** As {@link #audience(String...)}. */
    public B audiences(Collection<String> audiences) {
        requireUnset(this.audiences, "audience");
        if (audienceCheckDisabled) {
            throw new IllegalStateException("audience cannot be set after disableAudienceCheck()");
        }
        this.audiences = new AudienceRule(Set.copyOf(audiences), AudienceMatch.ANY_OF).audiences();
        return self();
    }

    /** Whether any (the default) or all of the configured audiences must be present. */
    public B audienceMatch(AudienceMatch match) {
        requireUnset(this.audienceMatch, "audienceMatch");
        this.audienceMatch = Objects.requireNonNull(match, "match");
        return self();
    }

    /**
     * Accepts tokens whatever their {@code aud}: tokens minted for any other service open this one.
     * Only for services that check the audience some other way; per-request audience rules still apply.
     */
    public B disableAudienceCheck() {
        if (audiences != null) {
            throw new IllegalStateException("disableAudienceCheck() contradicts the audience already set");
        }
        audienceCheckDisabled = true;
        return self();
    }

    /**
     * The JWS algorithms accepted (default RS256/384/512, PS256/384/512, ES256/384/512). Only those
     * asymmetric algorithms can be named: HMAC and {@code none} are refused here, because a JWKS
     * holds public keys and a token must never choose to be checked with one as a shared secret.
     */
    public B algorithms(String... algorithms) {
        requireUnset(this.algorithms, "algorithms");
        Set<String> chosen = new LinkedHashSet<>(Arrays.asList(algorithms));
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm is required");
        }
        for (String alg : chosen) {
            if (!SUPPORTED_ALGORITHMS.contains(alg)) {
                throw new IllegalArgumentException("algorithm " + alg + " cannot be allowed; choose from "
                        + new java.util.TreeSet<>(SUPPORTED_ALGORITHMS));
            }
        }
        this.algorithms = Set.copyOf(chosen);
        return self();
    }

    /** Tolerance for clocks that disagree when checking {@code exp}, {@code nbf} and {@code iat} (default 60 s, at most 5 min). */
    public B clockSkew(Duration skew) {
        requireUnset(this.clockSkew, "clockSkew");
        if (skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW);
        }
        this.clockSkew = skew;
        return self();
    }

    /** Accepts tokens without {@code exp}. They never expire: only for issuers that cannot set one. */
    public B allowMissingExpiry() {
        requireUnset(this.expiryOptional, "allowMissingExpiry");
        this.expiryOptional = true;
        return self();
    }

    /** Accepts tokens without {@code sub} (RFC 9068 requires one; some client-credentials tokens lack it). */
    public B allowMissingSubject() {
        requireUnset(this.subjectOptional, "allowMissingSubject");
        this.subjectOptional = true;
        return self();
    }

    /**
     * RFC 9068 strict mode: the header {@code typ} must be {@code at+jwt} (or {@code application/at+jwt}).
     * By default {@code typ} may also be absent or {@code JWT}, as Keycloak's access tokens are.
     */
    public B requireAccessTokenType() {
        requireUnset(this.accessTokenTypeRequired, "requireAccessTokenType");
        this.accessTokenTypeRequired = true;
        return self();
    }

    /** Scopes every token must grant ({@code scope} or {@code scp}); missing ones fail with {@code insufficient_scope}. */
    public B requiredScopes(String... scopes) {
        requireUnset(this.requiredScopes, "requiredScopes");
        this.requiredScopes = Requirements.scopes(scopes).scopes();
        return self();
    }

    /** A claim that must be present (any value). May be called once per claim name. */
    public B requiredClaim(String name) {
        if (!requiredClaims.add(Objects.requireNonNull(name, "name")) || requiredClaimValues.containsKey(name)) {
            throw new IllegalStateException("a rule for claim " + name + " was already set");
        }
        return self();
    }

    /**
     * A claim that must be present with exactly {@code value}: a {@code String}, {@code Boolean} or
     * integral {@code Number}. May be called once per claim name.
     */
    public B requiredClaimValue(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (!(value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer || value instanceof Short)) {
            throw new IllegalArgumentException("a required claim value must be a String, Boolean or integral number");
        }
        if (requiredClaims.contains(name) || requiredClaimValues.putIfAbsent(name, value) != null) {
            throw new IllegalStateException("a rule for claim " + name + " was already set");
        }
        return self();
    }

    /** The clients ({@code azp}) whose tokens are accepted; a token without {@code azp} then fails. */
    public B authorizedParties(String... clientIds) {
        requireUnset(this.authorizedParties, "authorizedParties");
        Set<String> parties = Set.copyOf(Arrays.asList(clientIds));
        if (parties.isEmpty()) {
            throw new IllegalArgumentException("at least one authorized party is required");
        }
        this.authorizedParties = parties;
        return self();
    }

    /** Keys from this JWKS URI instead of the issuer's discovery document. HTTPS unless loopback. */
    public B jwksUri(URI jwksUri) {
        return keys(new JwksUriKeys(Objects.requireNonNull(jwksUri, "jwksUri")));
    }

    /** As {@link #jwksUri(URI)}. */
    public B jwksUri(String jwksUri) {
        return jwksUri(URI.create(jwksUri));
    }

    /** Fixed keys: a JWKS document or a single JWK, never refreshed. For offline use and tests. */
    public B jwks(String jwksJson) {
        return keys(new StaticKeys(Objects.requireNonNull(jwksJson, "jwksJson"), "the JWKS given to jwks()"));
    }

    /** Fixed keys read (at {@code build()}) from a JWKS file. */
    public B jwksFile(Path file) {
        return keys(new StaticKeys(null, Objects.requireNonNull(file, "file").toString()));
    }

    /** A fixed PEM public key ({@code -----BEGIN PUBLIC KEY-----}) or certificate. */
    public B publicKeyPem(String pem) {
        return keys(new StaticKeys(Objects.requireNonNull(pem, "pem"), "the PEM given to publicKeyPem()"));
    }

    private B keys(KeySpec spec) {
        requireUnset(this.keys, "the key source (jwksUri, jwks, jwksFile or publicKeyPem)");
        this.keys = spec;
        return self();
    }

    /** This builder's value when set, else {@code fallback}'s: how an issuer's options win over the defaults. */
    static <T> T either(T own, T fallback) {
        return own != null ? own : fallback;
    }

    /** The required claims of {@code own} over {@code defaults}: a rule for a name in {@code own} replaces the default one. */
    static List<ClaimRule> claimRules(PolicyBuilder<?> own, PolicyBuilder<?> defaults) {
        Map<String, ClaimRule> rules = new LinkedHashMap<>();
        for (PolicyBuilder<?> builder : List.of(defaults, own)) {
            builder.requiredClaims.forEach(name -> rules.put(name, ClaimRule.present(name)));
            builder.requiredClaimValues.forEach((name, value) -> rules.put(name, ClaimRule.equalTo(name, value)));
        }
        return List.copyOf(rules.values());
    }
}
