package dev.audguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.KeycloakAdapterConfig;
import dev.audguard.core.TokenValidator;

import java.text.ParseException;
import java.util.Map;

/**
 * Fuzzes {@link KeycloakAdapterConfig#parse(String)} and a validator built from what it read.
 *
 * <p>Input: the {@code keycloak.json} text.
 *
 * <p>Properties: parsing throws nothing but {@link IllegalArgumentException} (the documented
 * configuration error) and building nothing but {@link IllegalArgumentException} or
 * {@link IllegalStateException}; no message carries the file's {@code credentials.secret}; what was
 * read equals an independent reading of the file ({@code realm}, {@code auth-server-url},
 * {@code resource}, the issuer); a file whose {@code verify-token-audience} is {@code false}, or
 * that names no {@code resource}, never builds a validator (audguard keeps the audience check on
 * until code turns it off); each input within {@link Budget}.
 */
class KeycloakAdapterConfigFuzzTest {

    @FuzzTest
    void parse(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** The entry point of the command-line campaign (fuzz/campaign.sh); the same checks as {@link #parse}. */
    public static void fuzzerTestOneInput(byte[] data) {
        String json = Inputs.text(data);
        Budget.run("KeycloakAdapterConfig", () -> check(json));
    }

    static void check(String json) {
        Map<String, Object> file = null;
        try {
            file = JSONObjectUtils.parse(json);
        } catch (ParseException | RuntimeException e) {
            // the parser must refuse it too
        }
        String secret = secretOf(file);
        KeycloakAdapterConfig config;
        try {
            config = KeycloakAdapterConfig.parse(json);
        } catch (IllegalArgumentException e) {
            assertNoSecret(e, secret);
            return;
        }
        if (file == null) {
            throw new AssertionError("parsed a keycloak.json that is not a JSON object");
        }
        if (!config.realm().equals(file.get("realm")) || !config.authServerUrl().equals(file.get("auth-server-url"))) {
            throw new AssertionError("realm or auth-server-url differ from the file");
        }
        if (!config.resource().equals(java.util.Optional.ofNullable(file.get("resource")))) {
            throw new AssertionError("resource differs from the file");
        }
        String base = config.authServerUrl().endsWith("/")
                ? config.authServerUrl().substring(0, config.authServerUrl().length() - 1) : config.authServerUrl();
        if (!config.issuer().equals(base + "/realms/" + config.realm())) {
            throw new AssertionError("the issuer is not auth-server-url + /realms/ + realm");
        }
        try {
            TokenValidator.builder().keycloak(config).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            assertNoSecret(e, secret);
            return;
        }
        if (Boolean.FALSE.equals(config.verifyTokenAudience().orElse(null))) {
            throw new AssertionError("verify-token-audience false built a validator without disableAudienceCheck()");
        }
        if (config.resource().isEmpty()) {
            throw new AssertionError("a keycloak.json without resource built a validator without an audience");
        }
    }

    private static String secretOf(Map<String, Object> file) {
        if (file != null && file.get("credentials") instanceof Map<?, ?> credentials
                && credentials.get("secret") instanceof String s && s.length() >= 4) {
            return s;
        }
        return null;
    }

    private static void assertNoSecret(RuntimeException e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (secret != null && t.getMessage() != null && t.getMessage().contains(secret)) {
                throw new AssertionError("a configuration error carries the client secret");
            }
        }
    }
}
