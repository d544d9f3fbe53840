package dev.audguard.servlet.internal;

import dev.audguard.core.AudienceMatch;
import dev.audguard.core.AudienceRule;
import dev.audguard.core.KeycloakAdapterConfig;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.internal.InsecureHttpOptIn;
import dev.audguard.servlet.BearerTokenFilter;
import jakarta.servlet.FilterConfig;

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

    private static final Set<String> NAMES = Set.of(KEYCLOAK_CONFIG_FILE, KEYCLOAK_CONFIG_RESOURCE, ISSUER, AUDIENCE,
            JWKS_URI, PRINCIPAL_CLAIM, ROLES_CLIENT, REALM, UNPROTECTED_PATHS, PATH_RULES, RESOURCE, RETRY_AFTER_SECONDS,
            ALLOW_INSECURE_HTTP, EXPLAIN_REFUSALS);

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
        BearerTokenFilter.Builder filter = BearerTokenFilter.builder(validator.build());
        if (keycloak != null) {
            filter.keycloak(keycloak);
        }
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
