package dev.audguard.core;

import dev.audguard.core.internal.JsonValues;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An access token that passed every check of a {@link TokenValidator}.
 *
 * <p>Only a validator creates one (the constructor is not public, as Tink's {@code VerifiedJwt}), so
 * holding a {@code VerifiedToken} proves the token was verified. It exposes the standard claims, the
 * Keycloak roles ({@code realm_access.roles}, {@code resource_access.<client>.roles}), read-only
 * access to every other claim, and the raw token, which a token-exchange client needs as its
 * {@code subject_token}.
 *
 * <p>{@link #toString()} never contains the raw token; use {@link #fingerprint()} to tell tokens
 * apart in logs.
 *
 * <p>Immutable and thread-safe. Claim values are {@code String}, {@code Boolean}, {@code Long},
 * {@code Double}, unmodifiable {@code List} or unmodifiable {@code Map}.
 */
public final class VerifiedToken {
    private final String rawToken;
    private final TokenHeader header;
    private final String keyThumbprint;
    private final String issuer;
    private final String subject;
    private final List<String> audiences;
    private final String authorizedParty;
    private final Set<String> scopes;
    private final Instant expiresAt;
    private final Instant notBefore;
    private final Instant issuedAt;
    private final Map<String, Object> claims;
    /** Keycloak's {@code typ} claim when it is a string, else {@code null}: read on every cache hit, so kept out of the map. */
    private final String keycloakType;
    /** Whether the token carries {@code cnf.jkt}: a {@code typ: "DPoP"} token needs it. */
    private final boolean keyBound;

    // Derived on first use; benign races compute the same value.
    private volatile Map<String, Object> readOnlyClaims;
    private volatile Set<String> realmRoles;
    private volatile Map<String, Set<String>> clientRoles;
    private volatile String digest;

    VerifiedToken(String rawToken, TokenHeader header, String keyThumbprint, String issuer, String subject, List<String> audiences,
                  String authorizedParty, Set<String> scopes, Instant expiresAt, Instant notBefore,
                  Instant issuedAt, Map<String, Object> claims) {
        this.rawToken = rawToken;
        this.header = header;
        this.keyThumbprint = keyThumbprint;
        this.issuer = issuer;
        this.subject = subject;
        this.audiences = audiences;
        this.authorizedParty = authorizedParty;
        this.scopes = scopes;
        this.expiresAt = expiresAt;
        this.notBefore = notBefore;
        this.issuedAt = issuedAt;
        this.claims = claims;
        this.keycloakType = claims.get("typ") instanceof String type ? type : null;
        this.keyBound = claims.get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String;
    }

    /** The token exactly as received. Treat it as a secret: never log it. */
    public String rawToken() {
        return rawToken;
    }

    /** {@code iss}: one of the validator's trusted issuers. */
    public String issuer() {
        return issuer;
    }

    /** {@code sub}, when present (it is required unless the validator allows tokens without one). */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** {@code aud} as a list (a single string audience becomes a one-element list); possibly empty only when the audience check is disabled. */
    public List<String> audiences() {
        return audiences;
    }

    /** {@code azp}: the client the token was issued to, when present. */
    public Optional<String> authorizedParty() {
        return Optional.ofNullable(authorizedParty);
    }

    /** The granted scopes, from {@code scope} (space-delimited) or {@code scp} (array or string). */
    public Set<String> scopes() {
        return scopes;
    }

    /** Whether every one of {@code required} was granted. */
    public boolean hasScopes(Collection<String> required) {
        return scopes.containsAll(required);
    }

    /** {@code exp}; present unless the validator allows tokens without expiry. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** {@code nbf}, when present. */
    public Optional<Instant> notBefore() {
        return Optional.ofNullable(notBefore);
    }

    /** {@code iat}, when present. */
    public Optional<Instant> issuedAt() {
        return Optional.ofNullable(issuedAt);
    }

    /** {@code jti}, when present. */
    public Optional<String> tokenId() {
        return stringClaim("jti");
    }

    /** The {@code kid} of the key that verified the signature, when the token named one. */
    public Optional<String> keyId() {
        return header == null ? Optional.empty() : header.keyId();
    }

    /**
     * The token's JOSE header, parsed once by the validator: read it here rather than parsing the
     * token again. Empty only for a token that is not a JWS (an opaque token checked by
     * introspection).
     */
    public Optional<TokenHeader> header() {
        return Optional.ofNullable(header);
    }

    /** Keycloak realm roles: {@code realm_access.roles}; empty when absent or not a list of strings. */
    public Set<String> realmRoles() {
        Set<String> roles = realmRoles;
        if (roles == null) {
            roles = JsonValues.stringSet(JsonValues.path(claims, "realm_access", "roles"));
            realmRoles = roles;
        }
        return roles;
    }

    /** Keycloak client roles of {@code clientId}: {@code resource_access.<clientId>.roles}; possibly empty. */
    public Set<String> clientRoles(String clientId) {
        return allClientRoles().getOrDefault(clientId, Set.of());
    }

    /** Every client's roles from {@code resource_access}, by client id. */
    public Map<String, Set<String>> allClientRoles() {
        Map<String, Set<String>> roles = clientRoles;
        if (roles == null) {
            Map<String, Set<String>> byClient = new LinkedHashMap<>();
            if (claims.get("resource_access") instanceof Map<?, ?> access) {
                for (Map.Entry<?, ?> entry : access.entrySet()) {
                    Set<String> clientRoleSet = JsonValues.stringSet(
                            entry.getValue() instanceof Map<?, ?> client ? client.get("roles") : null);
                    if (!clientRoleSet.isEmpty()) {
                        byClient.put(String.valueOf(entry.getKey()), clientRoleSet);
                    }
                }
            }
            roles = Map.copyOf(byClient);
            clientRoles = roles;
        }
        return roles;
    }

    /**
     * Roles as Keycloak's adapters saw them: the realm roles, or with
     * {@code useResourceRoleMappings} ({@code use-resource-role-mappings}) the roles of
     * {@code resource}.
     */
    public Set<String> roles(boolean useResourceRoleMappings, String resource) {
        if (useResourceRoleMappings) {
            return resource == null ? Set.of() : clientRoles(resource);
        }
        return realmRoles();
    }

    /** Realm roles and every client's roles together. */
    public Set<String> allRoles() {
        Set<String> all = new LinkedHashSet<>(realmRoles());
        allClientRoles().values().forEach(all::addAll);
        return Set.copyOf(all);
    }

    /** A claim's value, read-only. */
    public Optional<Object> claim(String name) {
        Map<String, Object> view = readOnlyClaims;
        // before claims() was asked for, copy only this value rather than the whole tree
        return Optional.ofNullable(view != null ? view.get(name) : JsonValues.readOnly(claims.get(name)));
    }

    /** A claim's value when it is a string. */
    public Optional<String> stringClaim(String name) {
        return claims.get(name) instanceof String value ? Optional.of(value) : Optional.empty();
    }

    /** Every claim, read-only. */
    public Map<String, Object> claims() {
        // the deep read-only copy is made once, on first use: a cached verdict is asked many times
        Map<String, Object> view = readOnlyClaims;
        if (view == null) {
            view = JsonValues.readOnlyMap(claims);
            readOnlyClaims = view;
        }
        return view;
    }

    /** The first 8 hex characters of the SHA-256 of the raw token: enough to tell tokens apart in logs, useless to an attacker. */
    public String fingerprint() {
        return digest().substring(0, 8);
    }

    /**
     * The whole SHA-256 of the raw token, in lowercase hex, computed once: a key for caches keyed by
     * token (the token-exchange cache uses it) that never holds the token itself. A cached verdict
     * returns the same {@code VerifiedToken}, so a token's digest is computed once in its life.
     */
    public String digest() {
        String value = digest;
        if (value == null) {
            value = Fingerprints.sha256Hex(rawToken);
            digest = value;
        }
        return value;
    }

    /**
     * The thumbprint of the key that verified the signature, or {@code null} for a token not verified
     * by a key (introspection): cached verdicts are dropped when that key is removed.
     */
    String keyThumbprint() {
        return keyThumbprint;
    }

    /**
     * Whether this verdict holds for a request under {@code requirements} as far as Keycloak's
     * {@code typ} claim goes: absent or {@code Bearer}, or {@code DPoP} with {@code cnf.jkt} for a
     * sender-constrained request. The same rule as the full check's, from fields, so a cache hit
     * reads no claim map.
     */
    boolean typeAllows(Requirements requirements) {
        String type = keycloakType;
        return type == null || type.equalsIgnoreCase("Bearer")
                || keyBound && requirements.senderConstrained() && type.equalsIgnoreCase("DPoP");
    }

    /** {@code exp} in epoch milliseconds, or {@link Long#MAX_VALUE} without expiry; for the cache. */
    long expiresAtMillis() {
        return expiresAt == null ? Long.MAX_VALUE : expiresAt.toEpochMilli();
    }

    /** {@code nbf} in epoch milliseconds, or {@link Long#MIN_VALUE} without one; for the cache. */
    long notBeforeMillis() {
        return notBefore == null ? Long.MIN_VALUE : notBefore.toEpochMilli();
    }

    @Override
    public String toString() {
        return "VerifiedToken{iss=" + issuer + ", sub=" + subject + ", aud=" + audiences
                + ", azp=" + authorizedParty + ", exp=" + expiresAt + ", token=" + fingerprint() + '}';
    }
}
