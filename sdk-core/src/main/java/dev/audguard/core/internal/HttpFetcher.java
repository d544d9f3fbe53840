package dev.audguard.core.internal;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Fetches small JSON documents (discovery, JWKS) defensively: a connect timeout and a deadline for
 * the whole exchange, a size cap enforced while reading, no redirects, and {@code https} required
 * except on loopback unless insecure HTTP was explicitly allowed. Not API.
 *
 * <p>Failures become a {@link FetchException} whose message is fixed wording ("HTTP 500",
 * "timeout", ...): never the response body.
 *
 * <p>Thread-safe.
 */
public final class HttpFetcher {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    private final HttpClient client;
    private final KeySourceSettings settings;

    public HttpFetcher(KeySourceSettings settings) {
        this(settings, null);
    }

    /** A fetcher whose HTTPS requests use {@code sslContext} ({@code null}: the JDK's default, the JVM's CAs). */
    public HttpFetcher(KeySourceSettings settings, SSLContext sslContext) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.client = builder.build();
    }

    /** A successful response: status 200 and a body within the size cap. */
    public record Response(String body, String cacheControl) {
    }

    /**
     * GETs {@code uri}; the future fails with {@link FetchException} on any problem, including a
     * status other than 200.
     */
    public CompletableFuture<Response> get(URI uri) {
        try {
            checkTransport(uri, settings.allowInsecureHttp(), settings.httpsEvenOnLoopback());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new FetchException("insecure URL refused"));
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json, application/jwk-set+json")
                .GET()
                .build();
        int max = settings.maxResponseBytes();
        return client.sendAsync(request, info -> info.statusCode() == 200
                        ? new CappedBody(max, info.headers().firstValueAsLong("Content-Length").orElse(-1),
                                () -> new FetchException("response too large"))
                        : HttpResponse.BodySubscribers.replacing(null))
                .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        throw new CompletionException(classify(error));
                    }
                    if (response.statusCode() != 200) {
                        throw new CompletionException(new FetchException("HTTP " + response.statusCode()));
                    }
                    return new Response(response.body(), response.headers().firstValue("Cache-Control").orElse(null));
                });
    }

    private static FetchException classify(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof FetchException fetch) {
            return fetch;
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new FetchException("connect timeout");
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return new FetchException("timeout");
        }
        if (cause instanceof ConnectException) {
            return new FetchException("connection refused");
        }
        if (cause instanceof IOException && cause.getCause() instanceof FetchException fetch) {
            return fetch;
        }
        if (cause instanceof SSLException) {
            return new FetchException("TLS handshake failed (a private CA? give its SSLContext: remoteKeys(k -> k.sslContext(..)))");
        }
        if (cause instanceof IOException) {
            return new FetchException("I/O error");
        }
        return new FetchException("unexpected failure");
    }

    /**
     * Refuses a URL that would send key material over plain HTTP to a non-loopback host, unless
     * {@code allowInsecureHttp}; with {@code httpsEvenOnLoopback}, loopback needs HTTPS too.
     *
     * @throws IllegalArgumentException naming the rule (not the URL's query)
     */
    public static void checkTransport(URI uri, boolean allowInsecureHttp, boolean httpsEvenOnLoopback) {
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException("key and discovery URLs must be absolute http(s) URLs");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("key and discovery URLs must use https");
        }
        if (allowInsecureHttp || (!httpsEvenOnLoopback && isLoopback(uri.getHost()))) {
            return;
        }
        throw new IllegalArgumentException("key and discovery URLs must use https (plain http is allowed only on loopback, "
                + "or everywhere after allowInsecureHttp())");
    }

    /** {@code localhost}, {@code 127.x.x.x} or an IPv6 loopback literal; decided without any name lookup. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || IPV4_LOOPBACK.matcher(h).matches()) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            try {
                // an IPv6 literal: parsed without any name lookup
                return InetAddress.getByName(h.substring(1, h.length() - 1)).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** A fetch failed; the message is fixed wording safe to log and report. */
    public static final class FetchException extends IOException {
        private static final long serialVersionUID = 1L;

        public FetchException(String problem) {
            super(problem);
        }
    }
}
