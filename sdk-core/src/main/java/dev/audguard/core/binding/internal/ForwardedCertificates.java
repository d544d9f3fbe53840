package dev.audguard.core.binding.internal;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads client certificates that proxies forward in headers: nginx's URL-encoded PEM and Envoy's
 * {@code x-forwarded-client-cert}. Anything that is not exactly one well-formed X.509 certificate
 * gives empty. Thread-safe (stateless).
 */
public final class ForwardedCertificates {
    /** Far above any real certificate; a header beyond it is not parsed. */
    private static final int MAX_HEADER = 32 * 1024;

    private ForwardedCertificates() {
    }

    /** The DER of nginx's {@code $ssl_client_escaped_cert}; empty for {@code -}/empty (no certificate) or junk. */
    public static Optional<byte[]> fromEscapedPem(String value) {
        if (value == null || value.length() > MAX_HEADER) {
            return Optional.empty();
        }
        String pem;
        try {
            // $ssl_client_escaped_cert escapes everything outside unreserved characters; '+' stays literal base64
            pem = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return fromPem(pem);
    }

    /** The DER of the {@code Cert} of the last element of an Envoy {@code x-forwarded-client-cert} value. */
    public static Optional<byte[]> fromXfcc(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_HEADER) {
            return Optional.empty();
        }
        List<String> elements = split(value, ',');
        if (elements.isEmpty()) {
            return Optional.empty();
        }
        String cert = null;
        for (String pair : split(elements.get(elements.size() - 1), ';')) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("cert")) {
                if (cert != null) {
                    return Optional.empty();
                }
                cert = unquote(pair.substring(eq + 1).strip());
            }
        }
        return cert == null ? Optional.empty() : fromEscapedPem(cert);
    }

    private static Optional<byte[]> fromPem(String pem) {
        String begin = "-----BEGIN CERTIFICATE-----";
        String end = "-----END CERTIFICATE-----";
        String text = pem.strip();
        if (!text.startsWith(begin) || !text.endsWith(end) || text.indexOf(begin, 1) >= 0) {
            return Optional.empty();
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate certificate = (X509Certificate) factory.generateCertificate(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
            return Optional.of(certificate.getEncoded());
        } catch (CertificateException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Splits on {@code separator} outside double quotes (a backslash escapes inside them). */
    private static List<String> split(String value, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\' && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            return List.of();
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            StringBuilder out = new StringBuilder(value.length());
            for (int i = 1; i < value.length() - 1; i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() - 1) {
                    c = value.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return value;
    }
}
