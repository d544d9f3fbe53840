package dev.audguard.core;

import org.slf4j.LoggerFactory;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to a protected resource, as plain strings an adapter copies from its host's request:
 * the method, the path within the application as the host decoded it, every value of the headers
 * the front door reads ({@link ProtectedResource#requestHeaders()}: {@code Authorization}, and
 * more when a configured step needs more) and the raw query string.
 *
 * <pre>{@code
 * ResourceRequest request = ResourceRequest.builder()
 *         .method("GET")
 *         .path("/orders/42")
 *         .authorization("Bearer eyJ...")
 *         .rawQuery(null)
 *         .build();
 * }</pre>
 *
 * <p>It grows by builder methods (a client certificate, a body digest, ...) so that callers do
 * not break. {@link #toString()} shows the method and path, never a header value.
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class ResourceRequest {
    private final String method;
    private final String path;
    private final String rawQuery;
    private final String rawPath;
    private final String remoteAddress;
    private final byte[] clientCertificate;
    private final String[] headerNames; // lower case, aligned with headerValues
    private final String[] headerValues;

    private ResourceRequest(Builder builder) {
        this.method = builder.method;
        this.path = builder.path;
        this.rawQuery = builder.rawQuery;
        this.rawPath = builder.rawPath;
        this.remoteAddress = builder.remoteAddress;
        this.clientCertificate = builder.clientCertificate;
        this.headerNames = builder.names.toArray(new String[0]);
        this.headerValues = builder.values.toArray(new String[0]);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The HTTP method, when given. */
    public Optional<String> method() {
        return Optional.ofNullable(method);
    }

    /**
     * The path within the application as the host decoded and normalised it (the servlet path and
     * path info, not the raw URI), when given: what path rules are matched against.
     */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    String pathOrNull() {
        return path;
    }

    /** The raw (undecoded) query string, when there is one. */
    public Optional<String> rawQuery() {
        return Optional.ofNullable(rawQuery);
    }

    String rawQueryOrNull() {
        return rawQuery;
    }

    /**
     * The path as sent, still encoded and with the application's context path, without the query
     * (a servlet's {@code getRequestURI()}), when given: what a DPoP proof's {@code htu} is
     * compared with after the configured external base URL.
     */
    public Optional<String> rawPath() {
        return Optional.ofNullable(rawPath);
    }

    /** The address of the peer that connected (a proxy, when there is one), when given. */
    public Optional<String> remoteAddress() {
        return Optional.ofNullable(remoteAddress);
    }

    /** The DER encoding of the client certificate of a mutual-TLS connection, when given (a copy). */
    public Optional<byte[]> clientCertificate() {
        return clientCertificate == null ? Optional.empty() : Optional.of(clientCertificate.clone());
    }

    /** Every value of header {@code name} (case-insensitive), in order; empty when none. */
    public List<String> headerValues(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        List<String> found = null;
        for (int i = 0; i < headerNames.length; i++) {
            if (headerNames[i].equals(lower)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(headerValues[i]);
            }
        }
        return found == null ? List.of() : List.copyOf(found);
    }

    /** Every {@code Authorization} value, in order. */
    public List<String> authorization() {
        return headerValues("authorization");
    }

    @Override
    public String toString() {
        return "ResourceRequest[" + (method == null ? "" : method + ' ') + (path == null ? "" : path) + ']';
    }

    /**
     * Collects a request. Not thread-safe; {@link #build()} can run again.
     */
    public static final class Builder {
        private String method;
        private String path;
        private String rawQuery;
        private String rawPath;
        private String remoteAddress;
        private byte[] clientCertificate;
        private final List<String> names = new ArrayList<>(2);
        private final List<String> values = new ArrayList<>(2);

        private Builder() {
        }

        /** The HTTP method ({@code GET}, ...). */
        public Builder method(String method) {
            this.method = method;
            return this;
        }

        /** The path within the application, decoded and normalised by the host; {@code null} for none. */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /** The raw query string, {@code null} for none. */
        public Builder rawQuery(String rawQuery) {
            this.rawQuery = rawQuery;
            return this;
        }

        /** The path as sent (encoded, context path included, no query); {@code null} for none. */
        public Builder rawPath(String rawPath) {
            this.rawPath = rawPath;
            return this;
        }

        /** The address of the connected peer; {@code null} for none. */
        public Builder remoteAddress(String remoteAddress) {
            this.remoteAddress = remoteAddress;
            return this;
        }

        /** The DER encoding of the mutual-TLS client certificate (copied); {@code null} for none. */
        public Builder clientCertificate(byte[] der) {
            this.clientCertificate = der == null ? null : der.clone();
            return this;
        }

        /**
         * The leaf of a mutual-TLS peer chain as the container hands it over (the servlet attribute
         * {@code jakarta.servlet.request.X509Certificate}, WebFlux's {@code SslInfo}): its DER, or none
         * when the chain is {@code null}, empty, or its leaf cannot be encoded (the request goes on
         * without one, and a certificate-bound token is then refused).
         */
        public Builder clientCertificateChain(X509Certificate[] chain) {
            if (chain == null || chain.length == 0 || chain[0] == null) {
                return this;
            }
            try {
                this.clientCertificate = chain[0].getEncoded();
            } catch (CertificateEncodingException unusable) {
                LoggerFactory.getLogger(ResourceRequest.class)
                        .debug("The client certificate cannot be encoded; the request goes on without it");
            }
            return this;
        }

        /** Adds one value of header {@code name}; call once per value, in the order received. */
        public Builder header(String name, String value) {
            names.add(Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT));
            values.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds every value of header {@code name}. */
        public Builder header(String name, Collection<String> values) {
            for (String value : values) {
                header(name, value);
            }
            return this;
        }

        /** Adds one {@code Authorization} value. */
        public Builder authorization(String value) {
            return header("authorization", value);
        }

        /** The request. */
        public ResourceRequest build() {
            return new ResourceRequest(this);
        }
    }
}
