package dev.audguard.core;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.internal.JsonErrorLocator;
import dev.audguard.core.internal.TrustStores;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a Keycloak adapter file ({@code keycloak.json}) that matter to a resource server, so
 * a service moving off Keycloak's removed Java adapters keeps its file.
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder()
 *     .keycloak(KeycloakAdapterConfig.load(Path.of("keycloak.json")))
 *     .build();
 * }</pre>
 *
 * <p>Read: {@code realm}, {@code auth-server-url} (with or without {@code /auth}: it is used as
 * given), {@code resource}, {@code verify-token-audience}, {@code min-time-between-jwks-requests},
 * {@code public-key-cache-ttl}, {@code use-resource-role-mappings}, {@code principal-attribute},
 * {@code ssl-required}, {@code realm-public-key} and {@code credentials.secret} (the introspection
 * client's secret, never in {@code toString()}); other keys (CORS, ...) are ignored.
 *
 * <p>One deliberate difference: Keycloak's adapters skipped the audience check unless
 * {@code verify-token-audience} was {@code true}. Here the check is on whenever the file does not
 * say {@code false}, with {@code resource} as the audience; and where it says {@code false},
 * {@link TokenValidator.Builder#build()} still fails until {@code disableAudienceCheck()} is called
 * in code.
 *
 * <p>Immutable and thread-safe.
 *
 * @param realm the realm name
 * @param authServerUrl the server's base URL
 * @param resource the client id of this service, when given
 * @param verifyTokenAudience the file's {@code verify-token-audience}, when given
 * @param minTimeBetweenJwksRequests at most one key refresh per interval for unknown keys (default 10 s, at
 *     least 1 s: {@code 0}, which Keycloak's adapters read as "no limit", is refused)
 * @param publicKeyCacheTtl the longest time between key refreshes, when given
 * @param useResourceRoleMappings roles come from {@code resource}'s client roles, not realm roles
 * @param principalAttribute the claim naming the user principal (default {@code sub})
 * @param sslRequired {@code external} (default), {@code all} or {@code none}
 * @param realmPublicKey the realm's public key (base64 DER), when given
 * @param credentialsSecret {@code credentials.secret}: {@code resource}'s client secret, used to
 *     authenticate introspection calls; when given
 * @param truststore {@code truststore}: a PKCS#12 or JKS file (or {@code classpath:NAME}) holding the
 *     CA certificates key, discovery and introspection requests trust instead of the JVM's, for an
 *     issuer whose certificate a private CA signed; when given
 * @param truststorePassword {@code truststore-password}, when given; a secret
 */
public record KeycloakAdapterConfig(String realm, String authServerUrl, Optional<String> resource,
                                    Optional<Boolean> verifyTokenAudience, Duration minTimeBetweenJwksRequests,
                                    Optional<Duration> publicKeyCacheTtl, boolean useResourceRoleMappings,
                                    String principalAttribute, String sslRequired, Optional<String> realmPublicKey,
                                    Optional<String> credentialsSecret, Optional<String> truststore,
                                    Optional<String> truststorePassword) {

    /**
     * Checks the required values.
     *
     * @throws IllegalArgumentException when {@code minTimeBetweenJwksRequests} is below 1 s
     */
    public KeycloakAdapterConfig {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(authServerUrl, "authServerUrl");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(verifyTokenAudience, "verifyTokenAudience");
        Objects.requireNonNull(minTimeBetweenJwksRequests, "minTimeBetweenJwksRequests");
        Objects.requireNonNull(publicKeyCacheTtl, "publicKeyCacheTtl");
        Objects.requireNonNull(principalAttribute, "principalAttribute");
        Objects.requireNonNull(sslRequired, "sslRequired");
        Objects.requireNonNull(realmPublicKey, "realmPublicKey");
        Objects.requireNonNull(credentialsSecret, "credentialsSecret");
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(truststorePassword, "truststorePassword");
        TokenValidator.Builder.atLeastMinimumInterval(minTimeBetweenJwksRequests, "minTimeBetweenJwksRequests");
    }

    /**
     * Without a trust store (the form before {@code truststore} was read; kept for source
     * compatibility).
     *
     * @throws IllegalArgumentException when {@code minTimeBetweenJwksRequests} is below 1 s
     */
    public KeycloakAdapterConfig(String realm, String authServerUrl, Optional<String> resource,
                                 Optional<Boolean> verifyTokenAudience, Duration minTimeBetweenJwksRequests,
                                 Optional<Duration> publicKeyCacheTtl, boolean useResourceRoleMappings,
                                 String principalAttribute, String sslRequired, Optional<String> realmPublicKey,
                                 Optional<String> credentialsSecret) {
        this(realm, authServerUrl, resource, verifyTokenAudience, minTimeBetweenJwksRequests, publicKeyCacheTtl,
                useResourceRoleMappings, principalAttribute, sslRequired, realmPublicKey, credentialsSecret,
                Optional.empty(), Optional.empty());
    }

    /**
     * Without a client secret (the form before {@code credentials.secret} was read; kept for source
     * compatibility).
     *
     * @throws IllegalArgumentException when {@code minTimeBetweenJwksRequests} is below 1 s
     */
    public KeycloakAdapterConfig(String realm, String authServerUrl, Optional<String> resource,
                                 Optional<Boolean> verifyTokenAudience, Duration minTimeBetweenJwksRequests,
                                 Optional<Duration> publicKeyCacheTtl, boolean useResourceRoleMappings,
                                 String principalAttribute, String sslRequired, Optional<String> realmPublicKey) {
        this(realm, authServerUrl, resource, verifyTokenAudience, minTimeBetweenJwksRequests, publicKeyCacheTtl,
                useResourceRoleMappings, principalAttribute, sslRequired, realmPublicKey, Optional.empty());
    }

    /** The file's settings, with the client secret redacted. */
    @Override
    public String toString() {
        return "KeycloakAdapterConfig[realm=" + realm + ", authServerUrl=" + authServerUrl + ", resource=" + resource
                + ", verifyTokenAudience=" + verifyTokenAudience + ", minTimeBetweenJwksRequests=" + minTimeBetweenJwksRequests
                + ", publicKeyCacheTtl=" + publicKeyCacheTtl + ", useResourceRoleMappings=" + useResourceRoleMappings
                + ", principalAttribute=" + principalAttribute + ", sslRequired=" + sslRequired
                + ", realmPublicKey=" + realmPublicKey.map(k -> "(given)") + ", credentialsSecret="
                + credentialsSecret.map(secret -> "(redacted)") + ", truststore=" + truststore
                + ", truststorePassword=" + truststorePassword.map(secret -> "(redacted)") + "]";
    }

    /**
     * Reads a {@code keycloak.json} file.
     *
     * @throws IllegalArgumentException when the file cannot be read, lacks {@code realm} or
     *     {@code auth-server-url}, or sets {@code min-time-between-jwks-requests} below 1; the message
     *     names the file and the field, never a secret
     */
    public static KeycloakAdapterConfig load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Keycloak adapter file " + file, e);
        }
    }

    /** Reads the JSON text of a {@code keycloak.json} file. */
    public static KeycloakAdapterConfig parse(String json) {
        return parse(json, "keycloak.json");
    }

    private static KeycloakAdapterConfig parse(String json, String origin) {
        Map<String, Object> file;
        try {
            file = JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException(JsonErrorLocator.locate(json)
                    .map(where -> origin + " is not valid JSON: " + where)
                    .orElse(origin + " is not a JSON object"));
        }
        String realm = string(file, "realm", origin).orElseThrow(() -> missing("realm", origin));
        String url = string(file, "auth-server-url", origin).orElseThrow(() -> missing("auth-server-url", origin));
        return new KeycloakAdapterConfig(realm, url,
                string(file, "resource", origin),
                bool(file, "verify-token-audience", origin),
                minTimeBetweenJwksRequests(file, origin),
                number(file, "public-key-cache-ttl", origin).map(Duration::ofSeconds),
                bool(file, "use-resource-role-mappings", origin).orElse(false),
                string(file, "principal-attribute", origin).orElse("sub"),
                string(file, "ssl-required", origin).orElse("external"),
                string(file, "realm-public-key", origin),
                credentialsSecret(file, origin),
                string(file, "truststore", origin),
                string(file, "truststore-password", origin));
    }

    /**
     * The TLS context trusting {@link #truststore()}'s certificates, when the file names a trust
     * store: what key, discovery and introspection requests configured from this file use.
     *
     * @throws IllegalArgumentException naming {@code truststore} when the store cannot be read or
     *     the password is wrong (never the password itself)
     */
    public Optional<SSLContext> trustStoreSslContext() {
        return truststore.map(location -> TrustStores.sslContext(location,
                truststorePassword.map(String::toCharArray).orElse(null), "keycloak.json \"truststore\""));
    }

    private static Optional<String> credentialsSecret(Map<String, Object> file, String origin) {
        Object credentials = file.get("credentials");
        if (credentials == null) {
            return Optional.empty();
        }
        if (!(credentials instanceof Map<?, ?> map)) {
            throw wrongType("credentials", origin, "an object such as {\"secret\": \"...\"}");
        }
        Object secret = map.get("secret");
        if (secret == null) {
            return Optional.empty();
        }
        if (!(secret instanceof String s) || s.isEmpty()) {
            throw wrongType("credentials.secret", origin, "a non-empty string");
        }
        return Optional.of(s);
    }

    private static Duration minTimeBetweenJwksRequests(Map<String, Object> file, String origin) {
        long seconds = number(file, "min-time-between-jwks-requests", origin).orElse(10L);
        if (seconds < TokenValidator.Builder.MIN_UNKNOWN_KEY_REFRESH_INTERVAL.toSeconds()) {
            // Keycloak's adapters read 0 as "no limit"; here it would let junk kids fetch the keys for every token
            throw new IllegalArgumentException(origin + ": \"min-time-between-jwks-requests\" must be at least 1 (seconds); "
                    + seconds + " would let every token with an unknown kid fetch the keys. Remove it (default 10) or set 1 or more");
        }
        return Duration.ofSeconds(seconds);
    }

    /** The issuer Keycloak puts in {@code iss}: {@code auth-server-url} + {@code /realms/} + {@code realm}. */
    public String issuer() {
        String base = authServerUrl.endsWith("/") ? authServerUrl.substring(0, authServerUrl.length() - 1) : authServerUrl;
        return base + "/realms/" + realm;
    }

    /** {@link #realmPublicKey()} as a PEM public key; fails when absent or not base64. */
    String realmPublicKeyPem() {
        String body = realmPublicKey.orElseThrow().replaceAll("\\s", "");
        Base64.getDecoder().decode(body);
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    private static IllegalArgumentException missing(String field, String origin) {
        return new IllegalArgumentException(origin + " has no \"" + field + "\"");
    }

    private static IllegalArgumentException wrongType(String field, String origin, String expected) {
        return new IllegalArgumentException(origin + ": \"" + field + "\" must be " + expected);
    }

    private static Optional<String> string(Map<String, Object> file, String field, String origin) {
        Object value = file.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw wrongType(field, origin, "a non-empty string");
        }
        return Optional.of(s);
    }

    private static Optional<Boolean> bool(Map<String, Object> file, String field, String origin) {
        Object value = file.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Optional.of(Boolean.parseBoolean((String) value));
        }
        throw wrongType(field, origin, "true or false");
    }

    private static Optional<Long> number(Map<String, Object> file, String field, String origin) {
        Object value = file.get(field);
        if (value == null) {
            return Optional.empty();
        }
        try {
            long n = value instanceof Number num ? num.longValue() : Long.parseLong(String.valueOf(value));
            if (n < 0 || (value instanceof Double d && d != Math.floor(d))) {
                throw wrongType(field, origin, "a whole number of seconds");
            }
            return Optional.of(n);
        } catch (NumberFormatException e) {
            throw wrongType(field, origin, "a whole number of seconds");
        }
    }
}
