package dev.audguard.core.internal;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Finds an issuer's {@code jwks_uri} or {@code introspection_endpoint} from its metadata: OpenID Connect discovery first, then RFC 8414
 * authorization server metadata. The document's {@code issuer} must equal the configured issuer
 * exactly (OpenID Connect Discovery section 4.3, RFC 8414 section 3.3), or the keys (the endpoint) are not trusted.
 * Not API ({@link #openIdConfiguration(String)} is shared with token-exchange-client).
 *
 * <p>Thread-safe (stateless).
 */
public final class Discovery {
    private Discovery() {
    }

    /** {@code issuer}'s OpenID Connect discovery document: {@code {issuer}/.well-known/openid-configuration}. */
    public static URI openIdConfiguration(String issuer) {
        return URI.create(withoutTrailingSlash(issuer) + "/.well-known/openid-configuration");
    }

    private static String withoutTrailingSlash(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    /** The metadata URLs to try for {@code issuer}, in order. */
    static URI[] metadataUris(String issuer) {
        String trimmed = withoutTrailingSlash(issuer);
        URI oidc = openIdConfiguration(issuer);
        URI parsed = URI.create(trimmed);
        String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
        // RFC 8414 section 3.1: the well-known segment goes between the host and the issuer's path
        URI rfc8414 = parsed.resolve("/.well-known/oauth-authorization-server" + path);
        return new URI[] {oidc, rfc8414};
    }

    /** Resolves the {@code jwks_uri} of {@code issuer}; fails with a {@link HttpFetcher.FetchException}. */
    static CompletableFuture<URI> jwksUri(HttpFetcher fetcher, String issuer, KeySourceSettings settings) {
        return endpoint(fetcher, issuer, "jwks_uri", settings.allowInsecureHttp(), settings.httpsEvenOnLoopback());
    }

    /**
     * Resolves the {@code introspection_endpoint} of {@code issuer} (RFC 8414 section 2); fails with
     * a {@link HttpFetcher.FetchException} when the metadata cannot be read, names another issuer,
     * or has no usable endpoint: introspection then fails closed.
     */
    public static CompletableFuture<URI> introspectionEndpoint(HttpFetcher fetcher, String issuer, boolean allowInsecureHttp) {
        return introspection(fetcher, issuer, allowInsecureHttp).thenApply(IntrospectionMetadata::endpoint);
    }

    /**
     * What an issuer's metadata says of its introspection: the {@code introspection_endpoint} (as
     * {@link #introspectionEndpoint}) and RFC 9701's {@code introspection_signing_alg_values_supported},
     * when the document has it.
     *
     * @param endpoint the endpoint, https (or http on loopback)
     * @param signingAlgorithms the algorithms the issuer signs introspection answers with; empty when the
     *     document does not say (the issuer offers no signed answers)
     */
    public record IntrospectionMetadata(URI endpoint, Optional<List<String>> signingAlgorithms) {
    }

    /** {@link IntrospectionMetadata} of {@code issuer}; fails as {@link #introspectionEndpoint} does, or for a malformed algorithm list. */
    public static CompletableFuture<IntrospectionMetadata> introspection(HttpFetcher fetcher, String issuer, boolean allowInsecureHttp) {
        return document(fetcher, issuer).thenApply(document -> {
            URI endpoint = field(document, "introspection_endpoint", allowInsecureHttp, false);
            Object algs = document.get("introspection_signing_alg_values_supported");
            if (algs == null) {
                return new IntrospectionMetadata(endpoint, Optional.empty());
            }
            if (!(algs instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                throw fail("discovery document has an unusable introspection_signing_alg_values_supported");
            }
            return new IntrospectionMetadata(endpoint, Optional.of(list.stream().map(String.class::cast).toList()));
        });
    }

    private static CompletableFuture<URI> endpoint(HttpFetcher fetcher, String issuer, String field,
                                                   boolean allowInsecureHttp, boolean httpsEvenOnLoopback) {
        return document(fetcher, issuer).thenApply(document -> field(document, field, allowInsecureHttp, httpsEvenOnLoopback));
    }

    /** The metadata document of {@code issuer}, parsed, its {@code issuer} checked. */
    private static CompletableFuture<Map<String, Object>> document(HttpFetcher fetcher, String issuer) {
        URI[] candidates = metadataUris(issuer);
        return fetcher.get(candidates[0])
                .exceptionallyCompose(first -> fetcher.get(candidates[1])
                        .exceptionally(second -> {
                            // both statuses (or failures), so a 404 from a wrong realm name or a missing /auth is visible
                            throw new CompletionException(new HttpFetcher.FetchException("discovery failed: "
                                    + problem(first) + " from " + SafeUris.withoutSecrets(candidates[0]) + ", then "
                                    + problem(second) + " from " + SafeUris.withoutSecrets(candidates[1])));
                        }))
                .thenApply(response -> read(response.body(), issuer));
    }

    private static Map<String, Object> read(String body, String issuer) {
        Map<String, Object> document;
        try {
            document = JSONObjectUtils.parse(body);
        } catch (ParseException | RuntimeException e) {
            throw fail(JsonErrorLocator.locateWithoutInput(body).map(where -> "discovery document is not valid JSON: " + where)
                    .orElse("discovery document is not a JSON object"));
        }
        if (!issuer.equals(document.get("issuer"))) {
            throw fail("discovery document names another issuer");
        }
        return document;
    }

    private static URI field(Map<String, Object> document, String field, boolean allowInsecureHttp, boolean httpsEvenOnLoopback) {
        if (!(document.get(field) instanceof String found)) {
            throw fail("discovery document has no " + field);
        }
        URI uri;
        try {
            uri = URI.create(found);
            HttpFetcher.checkTransport(uri, allowInsecureHttp, httpsEvenOnLoopback);
        } catch (IllegalArgumentException e) {
            throw fail("discovery document has an unusable " + field);
        }
        return uri;
    }

    private static String problem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpFetcher.FetchException) {
                return t.getMessage();
            }
        }
        return "unexpected failure";
    }

    private static CompletionException fail(String problem) {
        return new CompletionException(new HttpFetcher.FetchException(problem));
    }
}
