package dev.audguard.core.internal;

import dev.audguard.core.KeycloakAdapterConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule every configuration front end (init parameters, the Jakarta REST feature, Spring
 * properties) applies before it builds a validator from what a user wrote: plain {@code http} to a
 * host that is not loopback needs the front end's own, loudly named opt-in, and a
 * {@code keycloak.json} must agree with it ({@code "ssl-required": "none"}). The refusal names the
 * option and the field the user wrote, with the fix; an accepted opt-in is logged at WARN naming the
 * option and the issuer. Not API. Thread-safe (stateless).
 */
public final class InsecureHttpOptIn {
    private static final Logger log = LoggerFactory.getLogger(InsecureHttpOptIn.class);

    private InsecureHttpOptIn() {
    }

    /**
     * Checks where the keys of {@code issuer} would be fetched from.
     *
     * @param option how the user writes the opt-in in this front end, e.g. {@code init parameter allow-insecure-http=true}
     * @param optedIn whether the user wrote it
     * @param keycloak the adapter file, when the configuration comes from one
     * @param issuer the issuer, as configured
     * @param issuerField how the user wrote the issuer, e.g. {@code init parameter issuer}
     * @param jwksUri the key URL, when one is configured (discovery is not used then)
     * @param jwksField how the user wrote the key URL
     * @return whether the validator must be told to allow plain HTTP
     * @throws IllegalArgumentException naming the option and the field, with the fix
     */
    public static boolean check(String option, boolean optedIn, Optional<KeycloakAdapterConfig> keycloak,
                                String issuer, String issuerField, Optional<URI> jwksUri, String jwksField) {
        String ssl = keycloak.map(k -> k.sslRequired().toLowerCase(Locale.ROOT)).orElse(null);
        if (optedIn && ssl != null && !ssl.equals("none")) {
            throw new IllegalArgumentException(option + " contradicts keycloak.json \"ssl-required\": \"" + ssl
                    + "\". Fix: set \"ssl-required\": \"none\" in keycloak.json as well to fetch keys over plain HTTP, "
                    + "or remove " + option);
        }
        boolean keysFromFile = keycloak.flatMap(KeycloakAdapterConfig::realmPublicKey).isPresent() && jwksUri.isEmpty();
        URI url;
        String field;
        if (jwksUri.isPresent()) {
            url = jwksUri.get();
            field = jwksField;
        } else if (keysFromFile) {
            return optedIn;
        } else {
            try {
                url = URI.create(issuer);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(issuerField + " is not a URL. Fix: write it as https://host[:port]/path");
            }
            field = issuerField;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException(field + " (" + SafeUris.withoutSecrets(url) + ") is not an absolute https URL. "
                    + "Fix: write it as https://host[:port]/path");
        }
        if (!scheme.equals("http")) {
            return optedIn;
        }
        boolean loopback = url.getHost() != null && HttpFetcher.isLoopback(url.getHost());
        if ("all".equals(ssl)) {
            throw new IllegalArgumentException(field + " (" + SafeUris.withoutSecrets(url) + ") uses plain http, but keycloak.json sets "
                    + "\"ssl-required\": \"all\". Fix: use https, or set \"ssl-required\" to \"external\" (plain http on loopback only)");
        }
        if (loopback) {
            return optedIn;
        }
        if (!optedIn) {
            String fix = ssl == null
                    ? "Fix: use https, or, only on a network you trust, use " + option
                    : ssl.equals("none")
                    ? "keycloak.json's \"ssl-required\": \"none\" is honoured only together with " + option
                            + ". Fix: use https, or, only on a network you trust, use " + option
                    : "Fix: use https, or, only on a network you trust, use " + option
                            + " and \"ssl-required\": \"none\" in keycloak.json";
            throw new IllegalArgumentException(field + " (" + SafeUris.withoutSecrets(url) + ") uses plain http to a host that is not loopback: "
                    + "keys would be fetched without TLS and could be replaced on the way. " + fix);
        }
        log.warn("{}: the keys of issuer {} are fetched over plain HTTP from {}; anyone on that network path can "
                + "replace them and mint accepted tokens. Use https outside a trusted network", option, issuer, SafeUris.withoutSecrets(url));
        return true;
    }
}
