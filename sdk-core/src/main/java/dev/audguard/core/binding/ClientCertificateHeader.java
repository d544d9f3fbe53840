package dev.audguard.core.binding;

import dev.audguard.core.binding.internal.AddressRange;
import dev.audguard.core.binding.internal.ForwardedCertificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the client certificate comes from when TLS ends at a proxy: a header the proxy sets, honoured
 * only when the connection comes from one of the configured proxy addresses. From anyone else the
 * header is ignored (and the adapter strips it before the application sees it).
 *
 * <pre>{@code
 * ClientCertificateHeader nginx = ClientCertificateHeader.nginx("X-SSL-Client-Cert")
 *     .trustedProxies("10.0.0.0/8", "127.0.0.1")
 *     .build();
 * Optional<byte[]> der = nginx.resolve(remoteAddress, headerValues, containerCertificateDer);
 * }</pre>
 *
 * <ul>
 *   <li>{@link Format#NGINX_ESCAPED_PEM}: nginx's {@code proxy_set_header X-SSL-Client-Cert
 *       $ssl_client_escaped_cert;}, the URL-encoded PEM of the client certificate.</li>
 *   <li>{@link Format#ENVOY_XFCC}: Envoy's {@code x-forwarded-client-cert}, elements
 *       {@code Hash=...;Cert="<URL-encoded PEM>";Subject="..."} separated by commas; the certificate is
 *       the {@code Cert} of the last element, the one the proxy next to this service added
 *       ({@code forward_client_cert_details: SANITIZE_SET} keeps only that one).</li>
 * </ul>
 *
 * <p>Trusted proxies are IP literals or CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}); names are
 * refused (no DNS look-up ever decides trust).
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://nginx.org/en/docs/http/ngx_http_ssl_module.html#var_ssl_client_escaped_cert">nginx $ssl_client_escaped_cert</a>
 * @see <a href="https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/headers#x-forwarded-client-cert">Envoy x-forwarded-client-cert</a>
 */
public final class ClientCertificateHeader {
    private static final Logger log = LoggerFactory.getLogger(ClientCertificateHeader.class);

    /** How the proxy writes the certificate. */
    public enum Format {
        /** nginx {@code $ssl_client_escaped_cert}: URL-encoded PEM. */
        NGINX_ESCAPED_PEM,
        /** Envoy {@code x-forwarded-client-cert}, its {@code Cert=} field. */
        ENVOY_XFCC
    }

    private final String headerName;
    private final Format format;
    private final List<AddressRange> trustedProxies;

    private ClientCertificateHeader(Builder builder) {
        this.headerName = builder.headerName;
        this.format = builder.format;
        this.trustedProxies = List.copyOf(builder.trustedProxies);
    }

    /** nginx's {@code $ssl_client_escaped_cert} in {@code headerName}. */
    public static Builder nginx(String headerName) {
        return new Builder(headerName, Format.NGINX_ESCAPED_PEM);
    }

    /** Envoy's {@code x-forwarded-client-cert}. */
    public static Builder envoy() {
        return new Builder("x-forwarded-client-cert", Format.ENVOY_XFCC);
    }

    /** The header's name, as configured; lookups should ignore case. */
    public String headerName() {
        return headerName;
    }

    /** The header's format. */
    public Format format() {
        return format;
    }

    /** Whether {@code remoteAddress} (an IP literal, as the container reports the peer) is a trusted proxy. */
    public boolean isTrustedProxy(String remoteAddress) {
        Optional<byte[]> address = AddressRange.parseLiteral(remoteAddress);
        return address.isPresent() && trustedProxies.stream().anyMatch(range -> range.contains(address.get()));
    }

    /**
     * The client certificate of a request: from the header when the peer is a trusted proxy and the
     * header is there, else the container's (the TLS connection's own client certificate, if any).
     * A header from a trusted proxy that cannot be read gives no certificate: a bound token is then
     * refused, never matched against something else.
     *
     * @param remoteAddress the peer's IP address as the container reports it
     * @param headerValues every value of {@link #headerName()} (empty when none)
     * @param containerCertificate the DER of the TLS client certificate, when the container has one
     */
    public Optional<byte[]> resolve(String remoteAddress, List<String> headerValues, Optional<byte[]> containerCertificate) {
        if (headerValues == null || headerValues.isEmpty() || !isTrustedProxy(remoteAddress)) {
            return containerCertificate;
        }
        Optional<byte[]> fromHeader = format == Format.NGINX_ESCAPED_PEM
                ? (headerValues.size() == 1 ? ForwardedCertificates.fromEscapedPem(headerValues.get(0)) : Optional.empty())
                : ForwardedCertificates.fromXfcc(String.join(",", headerValues));
        if (fromHeader.isEmpty()) {
            log.debug("client certificate header {} from a trusted proxy could not be read", headerName);
        }
        return fromHeader;
    }

    @Override
    public String toString() {
        return "ClientCertificateHeader{" + headerName + ", " + format + ", trusted=" + trustedProxies + '}';
    }

    /** Configures a {@link ClientCertificateHeader}; {@link #build()} fails without trusted proxies. Not thread-safe. */
    public static final class Builder {
        private final String headerName;
        private final Format format;
        private final List<AddressRange> trustedProxies = new ArrayList<>();

        private Builder(String headerName, Format format) {
            Objects.requireNonNull(headerName, "headerName");
            if (!headerName.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("client certificate header name '" + headerName + "' is not an HTTP field name");
            }
            if (headerName.toLowerCase(Locale.ROOT).equals("authorization")) {
                throw new IllegalArgumentException("client certificate header must not be Authorization");
            }
            this.headerName = headerName;
            this.format = format;
        }

        /**
         * The proxies whose header is honoured: IP literals or CIDR ranges.
         *
         * @throws IllegalArgumentException naming an entry that is not an IP literal or CIDR range
         */
        public Builder trustedProxies(String... addresses) {
            for (String address : addresses) {
                trustedProxies.add(AddressRange.parse(address));
            }
            return this;
        }

        /** Builds it. */
        public ClientCertificateHeader build() {
            if (trustedProxies.isEmpty()) {
                throw new IllegalStateException("client certificate header " + headerName + " needs trustedProxies(...): "
                        + "the addresses of the proxies that set it; from anyone else it is ignored");
            }
            return new ClientCertificateHeader(this);
        }
    }
}
