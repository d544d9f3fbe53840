package dev.audguard.servlet.internal;

import dev.audguard.core.AudienceMatch;
import dev.audguard.core.AudienceRule;
import dev.audguard.core.IntrospectionMode;
import dev.audguard.core.KeycloakAdapterConfig;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenIntrospector;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.internal.InsecureHttpOptIn;
import dev.audguard.core.internal.TrustStores;
import dev.audguard.servlet.BearerTokenFilter;
import jakarta.servlet.FilterConfig;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a filter's {@code web.xml} init parameters into a configured
 * {@link BearerTokenFilter.Builder}. The parameters are listed on {@link BearerTokenFilter}; an
 * unknown name fails, so a typo cannot silently drop a rule. Not API. Thread-safe (stateless).
 */
public final class InitParams {
    public static final String KEYCLOAK_CONFIG_FILE = "keycloak-config-file";
    public static final String KEYCLOAK_CONFIG_RESOURCE = "keycloak-config-resource";
    public static final String ISSUER = "issuer";
    public static final String AUDIENCE = "audience";
    public static final String JWKS_URI = "jwks-uri";
    public static final String PRINCIPAL_CLAIM = "principal-claim";
    public static final String ROLES_CLIENT = "roles-client";
    public static final String REALM = "realm";
    public static final String UNPROTECTED_PATHS = "unprotected-paths";
    public static final String PATH_RULES = "path-rules";
    public static final String RESOURCE = "resource";
    public static final String RETRY_AFTER_SECONDS = "retry-after-seconds";
    public static final String ALLOW_INSECURE_HTTP = "allow-insecure-http";
    public static final String EXPLAIN_REFUSALS = "explain-refusals";
    public static final String INTROSPECTION = "introspection";
    public static final String INTROSPECTION_ENDPOINT = "introspection-endpoint";
    public static final String INTROSPECTION_CLIENT_ID = "introspection-client-id";
    public static final String INTROSPECTION_CLIENT_AUTH = "introspection-client-auth";
    public static final String INTROSPECTION_CLIENT_SECRET = "introspection-client-secret";
    public static final String INTROSPECTION_PRIVATE_KEY_FILE = "introspection-private-key-file";
    public static final String INTROSPECTION_MAX_CACHE_SECONDS = "introspection-max-cache-seconds";
    public static final String TRUSTSTORE = "truststore";
    public static final String TRUSTSTORE_PASSWORD = "truststore-password";

    private static final List<String> INTROSPECTION_OPTIONS = List.of(INTROSPECTION_ENDPOINT, INTROSPECTION_CLIENT_ID,
            INTROSPECTION_CLIENT_AUTH, INTROSPECTION_CLIENT_SECRET, INTROSPECTION_PRIVATE_KEY_FILE, INTROSPECTION_MAX_CACHE_SECONDS);
    private static final Set<String> NAMES = Set.of(KEYCLOAK_CONFIG_FILE, KEYCLOAK_CONFIG_RESOURCE, ISSUER, AUDIENCE,
            JWKS_URI, PRINCIPAL_CLAIM, ROLES_CLIENT, REALM, UNPROTECTED_PATHS, PATH_RULES, RESOURCE, RETRY_AFTER_SECONDS,
            ALLOW_INSECURE_HTTP, EXPLAIN_REFUSALS, INTROSPECTION, INTROSPECTION_ENDPOINT, INTROSPECTION_CLIENT_ID,
            INTROSPECTION_CLIENT_AUTH, INTROSPECTION_CLIENT_SECRET, INTROSPECTION_PRIVATE_KEY_FILE, INTROSPECTION_MAX_CACHE_SECONDS,
            TRUSTSTORE, TRUSTSTORE_PASSWORD);

    private InitParams() {
    }

    /** Whether {@code config} carries any init parameter. */
    public static boolean present(FilterConfig config) {
        return config.getInitParameterNames().hasMoreElements();
    }

    /**
     * The builder {@code config}'s init parameters describe.
     *
     * @throws IllegalArgumentException for an unknown, missing, contradictory or malformed parameter
     */
    public static BearerTokenFilter.Builder read(FilterConfig config) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            params.put(name, config.getInitParameter(name));
        }
        return read(params, resource -> {
            try (InputStream in = config.getServletContext().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException(KEYCLOAK_CONFIG_RESOURCE + ": no " + resource + " in the web application");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        });
    }

    /**
     * The builder {@code params} describe; {@code webResource} reads a file of the web application.
     *
     * @throws IllegalArgumentException for an unknown, missing, contradictory or malformed parameter
     */
    public static BearerTokenFilter.Builder read(Map<String, String> params, Function<String, String> webResource) {
        for (String name : params.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown init parameter " + name + "; known: " + String.join(", ", NAMES.stream().sorted().toList()));
            }
        }
        String file = value(params, KEYCLOAK_CONFIG_FILE);
        String resource = value(params, KEYCLOAK_CONFIG_RESOURCE);
        String issuer = value(params, ISSUER);
        if (file != null && resource != null) {
            throw new IllegalArgumentException("give " + KEYCLOAK_CONFIG_FILE + " or " + KEYCLOAK_CONFIG_RESOURCE + ", not both");
        }
        String resourceText = resource != null ? webResource.apply(resource) : null;
        KeycloakAdapterConfig keycloak;
        try {
            keycloak = file != null ? KeycloakAdapterConfig.load(Path.of(file))
                    : resourceText != null ? KeycloakAdapterConfig.parse(resourceText) : null;
        } catch (IllegalArgumentException e) {
            String parameter = file != null ? KEYCLOAK_CONFIG_FILE : KEYCLOAK_CONFIG_RESOURCE;
            throw new IllegalArgumentException("init parameter " + parameter + " (" + (file != null ? file : resource) + "): "
                    + e.getMessage(), e);
        }
        if (keycloak != null && issuer != null) {
            throw new IllegalArgumentException(ISSUER + " comes from the Keycloak adapter file; remove the " + ISSUER + " parameter");
        }
        if (keycloak == null && issuer == null) {
            throw new IllegalArgumentException("give " + ISSUER + " and " + AUDIENCE + ", or " + KEYCLOAK_CONFIG_FILE);
        }

        boolean insecure = bool(params, ALLOW_INSECURE_HTTP);
        String jwks = value(params, JWKS_URI);
        Optional<URI> jwksUri = jwks == null ? Optional.empty() : Optional.of(uri(jwks, JWKS_URI));
        String keycloakField = "init parameter " + (file != null ? KEYCLOAK_CONFIG_FILE : KEYCLOAK_CONFIG_RESOURCE)
                + ": keycloak.json \"auth-server-url\"";
        insecure = InsecureHttpOptIn.check("init parameter " + ALLOW_INSECURE_HTTP + "=true", insecure,
                Optional.ofNullable(keycloak), keycloak != null ? keycloak.issuer() : issuer,
                keycloak != null ? keycloakField : "init parameter " + ISSUER, jwksUri, "init parameter " + JWKS_URI);

        TokenValidator.Builder validator = TokenValidator.builder();
        if (keycloak != null) {
            validator.keycloak(keycloak);
        } else {
            validator.issuer(issuer);
        }
        List<String> audiences = list(value(params, AUDIENCE));
        if (!audiences.isEmpty()) {
            validator.audiences(audiences);
        } else if (keycloak == null) {
            throw new IllegalArgumentException("init parameter " + AUDIENCE + " is missing: without it a token minted for any "
                    + "other service would be accepted. Fix: set " + AUDIENCE + " to this service's client id");
        } else if (keycloak.resource().isEmpty() || !keycloak.verifyTokenAudience().orElse(true)) {
            throw new IllegalArgumentException("no audience: keycloak.json " + (keycloak.resource().isEmpty()
                    ? "has no \"resource\"" : "sets \"verify-token-audience\": false, which audguard does not honour")
                    + ", so a token minted for any other service would be accepted. Fix: set \"resource\" in keycloak.json "
                    + "(with \"verify-token-audience\" true or absent), or the init parameter " + AUDIENCE
                    + ", to this service's client id");
        }
        jwksUri.ifPresent(validator::jwksUri);
        if (insecure) {
            validator.allowInsecureHttp();
        }
        SSLContext tls = trustStore(params, keycloak, file != null ? KEYCLOAK_CONFIG_FILE + " (" + file + ")"
                : KEYCLOAK_CONFIG_RESOURCE + " (" + resource + ")");
        if (tls != null) {
            validator.remoteKeys(k -> k.sslContext(tls));
        }
        BearerTokenFilter.Builder filter = BearerTokenFilter.builder(validator.build());
        if (keycloak != null) {
            filter.keycloak(keycloak);
        }
        List<String> introspectionAudiences = !audiences.isEmpty() ? audiences : List.of(keycloak.resource().orElseThrow());
        introspection(params, keycloak, keycloak != null ? keycloak.issuer() : issuer, introspectionAudiences, insecure, tls, filter);
        String claim = value(params, PRINCIPAL_CLAIM);
        if (claim != null) {
            filter.principalClaim(claim);
        }
        String client = value(params, ROLES_CLIENT);
        if (client != null) {
            filter.rolesFromClient(client);
        }
        String realm = value(params, REALM);
        if (realm != null) {
            filter.realm(realm);
        }
        List<String> unprotected = list(value(params, UNPROTECTED_PATHS));
        if (!unprotected.isEmpty()) {
            filter.unprotected(unprotected.toArray(String[]::new));
        }
        String rules = params.get(PATH_RULES); // not stripped: line numbers in errors count from the first line
        if (rules != null && !rules.isBlank()) {
            pathRules(rules, filter);
        }
        String metadata = value(params, RESOURCE);
        if (metadata != null) {
            filter.resourceMetadata(uri(metadata, RESOURCE));
        }
        String retryAfter = value(params, RETRY_AFTER_SECONDS);
        if (retryAfter != null) {
            try {
                filter.retryAfter(Duration.ofSeconds(Long.parseLong(retryAfter)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(RETRY_AFTER_SECONDS + " must be a whole number of seconds");
            }
        }
        if (bool(params, EXPLAIN_REFUSALS)) {
            filter.explainRefusalsAtWarn();
        }
        return filter;
    }

    /**
     * The TLS context of key, discovery and introspection requests: the {@code truststore} init
     * parameter's, else keycloak.json's {@code truststore}, else {@code null} (the JVM's CAs).
     */
    private static SSLContext trustStore(Map<String, String> params, KeycloakAdapterConfig keycloak, String keycloakParameter) {
        String location = value(params, TRUSTSTORE);
        String password = value(params, TRUSTSTORE_PASSWORD);
        if (location == null && password != null) {
            throw new IllegalArgumentException("init parameter " + TRUSTSTORE_PASSWORD + " is set without " + TRUSTSTORE
                    + ". Fix: give " + TRUSTSTORE + " (the trust store file holding the issuer's CA), or remove the password");
        }
        if (location != null) {
            return TrustStores.sslContext(location, password == null ? null : password.toCharArray(), "init parameter " + TRUSTSTORE);
        }
        if (keycloak == null) {
            return null;
        }
        try {
            return keycloak.trustStoreSslContext().orElse(null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("init parameter " + keycloakParameter + ": " + e.getMessage(), e);
        }
    }

    /** Introspection as the {@code introspection*} parameters say; nothing when {@code introspection} is absent. */
    private static void introspection(Map<String, String> params, KeycloakAdapterConfig keycloak, String issuer,
                                      List<String> audiences, boolean insecure, SSLContext tls, BearerTokenFilter.Builder filter) {
        String mode = value(params, INTROSPECTION);
        if (mode == null) {
            for (String option : INTROSPECTION_OPTIONS) {
                if (value(params, option) != null) {
                    throw new IllegalArgumentException("init parameter " + option + " is set but introspection is off. Fix: set "
                            + INTROSPECTION + " to opaque-tokens, every-token or jwt-then-introspect, or remove " + option);
                }
            }
            return;
        }
        IntrospectionMode parsed = switch (mode) {
            case "opaque-tokens" -> IntrospectionMode.OPAQUE_TOKENS;
            case "every-token" -> IntrospectionMode.EVERY_TOKEN;
            case "jwt-then-introspect" -> IntrospectionMode.JWT_THEN_INTROSPECT;
            default -> throw new IllegalArgumentException("init parameter " + INTROSPECTION + " must be opaque-tokens, every-token "
                    + "or jwt-then-introspect (it is \"" + mode + "\")");
        };
        TokenIntrospector.Builder introspector = TokenIntrospector.builder(issuer);
        if (tls != null) {
            introspector.sslContext(tls);
        }
        String endpoint = value(params, INTROSPECTION_ENDPOINT);
        if (endpoint != null) {
            introspector.endpoint(uri(endpoint, INTROSPECTION_ENDPOINT));
        } else {
            introspector.discoverEndpoint();
        }
        String clientId = value(params, INTROSPECTION_CLIENT_ID);
        if (clientId == null) {
            clientId = keycloak == null ? null : keycloak.resource().orElse(null);
        }
        if (clientId == null) {
            throw new IllegalArgumentException("init parameter " + INTROSPECTION_CLIENT_ID + " is missing: issuers answer only "
                    + "an authenticated client. Fix: set it to this service's client id (or \"resource\" in keycloak.json)");
        }
        String auth = value(params, INTROSPECTION_CLIENT_AUTH);
        String secret = value(params, INTROSPECTION_CLIENT_SECRET);
        String keyFile = value(params, INTROSPECTION_PRIVATE_KEY_FILE);
        boolean keyBased = "private_key_jwt".equals(auth);
        if (keyBased) {
            if (secret != null) {
                throw new IllegalArgumentException("init parameter " + INTROSPECTION_CLIENT_SECRET + " does not apply to "
                        + INTROSPECTION_CLIENT_AUTH + "=private_key_jwt. Fix: remove it, or choose client_secret_basic");
            }
            if (keyFile == null) {
                throw new IllegalArgumentException("init parameter " + INTROSPECTION_PRIVATE_KEY_FILE + " is missing: "
                        + INTROSPECTION_CLIENT_AUTH + "=private_key_jwt signs with the client's private JWK. Fix: give its path");
            }
            String jwk;
            try {
                jwk = java.nio.file.Files.readString(Path.of(keyFile), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("init parameter " + INTROSPECTION_PRIVATE_KEY_FILE + " (" + keyFile
                        + "): cannot read the file");
            }
            try {
                introspector.privateKeyJwt(clientId, jwk);
            } catch (IllegalArgumentException e) {
                // the message is fixed wording from the JWK check, never key material
                throw new IllegalArgumentException("init parameter " + INTROSPECTION_PRIVATE_KEY_FILE + " (" + keyFile + "): "
                        + e.getMessage() + ". Fix: give a private RSA or EC JWK", e);
            }
        } else {
            if (auth != null && !auth.equals("client_secret_basic") && !auth.equals("client_secret_post")) {
                throw new IllegalArgumentException("init parameter " + INTROSPECTION_CLIENT_AUTH + " must be client_secret_basic, "
                        + "client_secret_post or private_key_jwt");
            }
            if (keyFile != null) {
                throw new IllegalArgumentException("init parameter " + INTROSPECTION_PRIVATE_KEY_FILE + " applies to "
                        + INTROSPECTION_CLIENT_AUTH + "=private_key_jwt only. Fix: set that, or remove the key file");
            }
            if (secret == null) {
                secret = keycloak == null ? null : keycloak.credentialsSecret().orElse(null);
            }
            if (secret == null) {
                throw new IllegalArgumentException("init parameter " + INTROSPECTION_CLIENT_SECRET + " is missing"
                        + (keycloak == null ? "" : " and keycloak.json has no \"credentials\": {\"secret\": ...}")
                        + ". Fix: give the introspecting client's secret, or " + INTROSPECTION_CLIENT_AUTH + "=private_key_jwt");
            }
            if ("client_secret_post".equals(auth)) {
                introspector.clientSecretPost(clientId, secret);
            } else {
                introspector.clientSecretBasic(clientId, secret);
            }
        }
        String maxCache = value(params, INTROSPECTION_MAX_CACHE_SECONDS);
        if (maxCache != null) {
            try {
                introspector.maxCacheLifetime(Duration.ofSeconds(Long.parseUnsignedLong(maxCache)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("init parameter " + INTROSPECTION_MAX_CACHE_SECONDS
                        + " must be a whole number of seconds (0 or more)");
            }
        }
        introspector.audience(audiences.toArray(String[]::new));
        if (insecure) {
            introspector.allowInsecureHttp();
        }
        try {
            filter.introspection(introspector.build(), parsed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("init parameter " + (endpoint != null ? INTROSPECTION_ENDPOINT : INTROSPECTION)
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * One rule per line: {@code PATTERN [unprotected] [audience=a,b] [audience-match=any|all]
     * [scopes=s1,s2]}. Blank lines are skipped.
     */
    static void pathRules(String text, BearerTokenFilter.Builder filter) {
        String[] lines = text.split("\\R");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = PATH_RULES + " line " + (n + 1) + ": ";
            List<String> words = new ArrayList<>(Arrays.asList(line.split("\\s+")));
            String pattern = words.remove(0);
            List<String> audiences = List.of();
            AudienceMatch match = AudienceMatch.ANY_OF;
            List<String> scopes = List.of();
            boolean unprotected = false;
            boolean matchGiven = false;
            for (String word : words) {
                int eq = word.indexOf('=');
                String key = eq < 0 ? word : word.substring(0, eq);
                String value = eq < 0 ? null : word.substring(eq + 1);
                switch (key) {
                    case "unprotected" -> unprotected = true;
                    case "audience" -> audiences = list(required(value, where + key));
                    case "audience-match" -> {
                        matchGiven = true;
                        match = switch (required(value, where + key)) {
                            case "any" -> AudienceMatch.ANY_OF;
                            case "all" -> AudienceMatch.ALL_OF;
                            default -> throw new IllegalArgumentException(where + "audience-match must be any or all");
                        };
                    }
                    case "scopes" -> scopes = list(required(value, where + key));
                    default -> throw new IllegalArgumentException(where + "unknown option " + key);
                }
            }
            if (unprotected && (!audiences.isEmpty() || !scopes.isEmpty() || matchGiven)) {
                throw new IllegalArgumentException(where + "an unprotected path takes no audience or scopes");
            }
            if (matchGiven && audiences.isEmpty()) {
                throw new IllegalArgumentException(where + "audience-match needs audience");
            }
            try {
                if (unprotected) {
                    filter.unprotected(pattern);
                } else {
                    Requirements requirements = audiences.isEmpty() ? Requirements.none()
                            : Requirements.audience(new AudienceRule(Set.copyOf(audiences), match));
                    filter.require(pattern, scopes.isEmpty() ? requirements : requirements.withScopes(scopes));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
    }

    private static String value(Map<String, String> params, String name) {
        String value = params.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean bool(Map<String, String> params, String name) {
        String value = value(params, name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new IllegalArgumentException("init parameter " + name + " must be true or false. Fix: write "
                + name + "=true to switch it on, or remove the parameter");
    }

    private static String required(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " needs a value");
        }
        return value;
    }

    private static List<String> list(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    private static URI uri(String value, String name) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not a URI");
        }
    }
}
