package dev.audguard.core;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * RFC 9728 OAuth 2.0 Protected Resource Metadata: what an adapter serves at
 * {@code /.well-known/oauth-protected-resource} so clients can find out which authorization
 * servers this resource trusts and how to send it tokens.
 *
 * <p>Immutable and thread-safe.
 *
 * @param resource the resource identifier (an {@code https} URL without fragment)
 * @param authorizationServers the trusted issuers
 * @param scopesSupported scopes this resource uses; may be empty
 * @param bearerMethodsSupported how tokens may be sent: {@code ["header"]}, the only method adapters accept
 * @param otherFields further members (e.g. RFC 9728 {@code dpop_bound_access_tokens_required},
 *     {@code dpop_signing_alg_values_supported}, {@code tls_client_certificate_bound_access_tokens}):
 *     strings, booleans, numbers or lists of those; never one of the members above
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9728#section-2">RFC 9728 section 2</a>
 */
public record ProtectedResourceMetadata(URI resource, List<String> authorizationServers, List<String> scopesSupported,
                                        List<String> bearerMethodsSupported, Map<String, Object> otherFields) {
    private static final List<String> OWN = List.of("resource", "authorization_servers", "scopes_supported", "bearer_methods_supported");

    /** The well-known path segment of RFC 9728 section 3. */
    public static final String WELL_KNOWN_PATH = "/.well-known/oauth-protected-resource";

    /** Copies the lists; the resource must be absolute and without fragment. */
    public ProtectedResourceMetadata {
        Objects.requireNonNull(resource, "resource");
        if (!resource.isAbsolute() || resource.getFragment() != null) {
            throw new IllegalArgumentException("the resource identifier must be an absolute URL without fragment");
        }
        authorizationServers = List.copyOf(authorizationServers);
        scopesSupported = List.copyOf(scopesSupported);
        bearerMethodsSupported = List.copyOf(bearerMethodsSupported);
        otherFields = Collections.unmodifiableMap(new TreeMap<>(otherFields));
        for (String name : otherFields.keySet()) {
            if (OWN.contains(name)) {
                throw new IllegalArgumentException(name + " is not one of the other fields");
            }
        }
    }

    /** Metadata without further members. */
    public ProtectedResourceMetadata(URI resource, List<String> authorizationServers, List<String> scopesSupported,
                                     List<String> bearerMethodsSupported) {
        this(resource, authorizationServers, scopesSupported, bearerMethodsSupported, Map.of());
    }

    /** A copy with {@code fields} added to the other fields (a field given again is replaced). */
    public ProtectedResourceMetadata withFields(Map<String, ?> fields) {
        Map<String, Object> all = new TreeMap<>(otherFields);
        all.putAll(fields);
        return new ProtectedResourceMetadata(resource, authorizationServers, scopesSupported, bearerMethodsSupported, all);
    }

    /** Metadata for {@code resource} trusting {@code authorizationServers}, tokens in the header only. */
    public static ProtectedResourceMetadata of(URI resource, List<String> authorizationServers, List<String> scopesSupported) {
        return new ProtectedResourceMetadata(resource, authorizationServers, scopesSupported, List.of("header"));
    }

    /**
     * Where this metadata is published: the well-known segment inserted between the resource's
     * host and its path (RFC 9728 section 3.1).
     */
    public URI metadataUrl() {
        String path = resource.getRawPath() == null || resource.getRawPath().equals("/") ? "" : resource.getRawPath();
        return resource.resolve(WELL_KNOWN_PATH + path);
    }

    /** The JSON document. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resource", resource.toString());
        if (!authorizationServers.isEmpty()) {
            json.put("authorization_servers", authorizationServers);
        }
        json.put("bearer_methods_supported", bearerMethodsSupported);
        if (!scopesSupported.isEmpty()) {
            json.put("scopes_supported", scopesSupported);
        }
        json.putAll(otherFields);
        return JSONObjectUtils.toJSONString(json);
    }
}
