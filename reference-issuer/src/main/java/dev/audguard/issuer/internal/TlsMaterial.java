package dev.audguard.issuer.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A CA and a server certificate signed by it, generated in memory with the JDK alone (no BouncyCastle
 * in main scope, no {@code sun.security.x509}: {@code --release 17} forbids it). The DER is written
 * here by hand: a version 3 certificate with EC P-256 keys and {@code ecdsa-with-SHA256} (the
 * default) or RSA 2048-bit keys and {@code sha256WithRSAEncryption}, and the extensions a JDK or curl
 * client checks (basic constraints, key usage, extended key usage, subject alternative names).
 *
 * <p>Validity comes from the wall clock, not the issuer's test clock: TLS stacks check certificates
 * against the system time, so a test that moves the issuer's clock must not break the handshake. The
 * certificates are valid from a day ago for a year.
 *
 * <p>Immutable and thread-safe once made.
 */
public final class TlsMaterial {

    static final char[] KEY_PASSWORD = "reference-issuer".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate ca;
    private final X509Certificate server;
    private final PrivateKey serverKey;
    private final boolean rsa;

    private TlsMaterial(X509Certificate ca, X509Certificate server, PrivateKey serverKey, boolean rsa) {
        this.ca = ca;
        this.server = server;
        this.serverKey = serverKey;
        this.rsa = rsa;
    }

    /**
     * A new CA and a {@code serverAuth} certificate for {@code names}: IP literals become
     * {@code iPAddress} entries, anything else {@code dNSName}.
     */
    public static TlsMaterial generate(List<String> names, Instant now) {
        return generate(names, now, false);
    }

    /**
     * As {@link #generate(List, Instant)}; with {@code rsa}, the CA and the server have RSA 2048-bit
     * keys and the certificates are signed {@code sha256WithRSAEncryption}, for clients or TLS stacks
     * that must be tried against an RSA server certificate.
     */
    public static TlsMaterial generate(List<String> names, Instant now, boolean rsa) {
        try {
            KeyPair caKeys = rsa ? rsaKeys() : ecKeys();
            KeyPair serverKeys = rsa ? rsaKeys() : ecKeys();
            Instant notBefore = now.minus(Duration.ofDays(1));
            Instant notAfter = now.plus(Duration.ofDays(365));
            byte[] caName = name("audguard reference issuer test CA " + Long.toHexString(RANDOM.nextLong()));
            byte[] caExtensions = seq(
                    extension("2.5.29.19", true, seq(bool(true), integer(BigInteger.ZERO))),
                    extension("2.5.29.15", true, bitString(new byte[] {0x06}, 1)));
            X509Certificate ca = sign(caName, caName, caKeys, caKeys.getPrivate(), notBefore, notAfter, caExtensions, rsa);

            List<byte[]> alternatives = new ArrayList<>();
            for (String n : names) {
                if (isIpLiteral(n)) {
                    alternatives.add(tlv(0x87, InetAddress.getByName(n).getAddress()));
                } else {
                    alternatives.add(tlv(0x82, n.getBytes(StandardCharsets.US_ASCII)));
                }
            }
            // digitalSignature; an RSA key also keyEncipherment, which RSA key exchange (TLS 1.2 TLS_RSA_*) needs
            byte[] keyUsage = rsa ? bitString(new byte[] {(byte) 0xa0}, 5) : bitString(new byte[] {(byte) 0x80}, 7);
            byte[] serverExtensions = seq(
                    extension("2.5.29.19", true, seq()),
                    extension("2.5.29.15", true, keyUsage),
                    extension("2.5.29.37", false, seq(oid("1.3.6.1.5.5.7.3.1"))),
                    extension("2.5.29.17", false, seq(alternatives.toArray(new byte[0][]))));
            X509Certificate server = sign(caName, name(names.isEmpty() ? "reference issuer" : names.get(0)), serverKeys,
                    caKeys.getPrivate(), notBefore, notAfter, serverExtensions, rsa);
            server.verify(ca.getPublicKey());
            return new TlsMaterial(ca, server, serverKeys.getPrivate(), rsa);
        } catch (GeneralSecurityException | UnknownHostException e) {
            throw new IllegalStateException("cannot generate the issuer's TLS certificates", e);
        }
    }

    public X509Certificate ca() {
        return ca;
    }

    public X509Certificate server() {
        return server;
    }

    /** Whether the keys are RSA (else EC P-256). */
    public boolean rsa() {
        return rsa;
    }

    /** The server key and its chain (server, CA), under alias {@code server}, key password {@link #KEY_PASSWORD}. */
    public KeyStore serverKeyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", serverKey, KEY_PASSWORD, new java.security.cert.Certificate[] {server, ca});
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the issuer's key store", e);
        }
    }

    /** The PEM text of {@code certificate}. */
    public static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isIpLiteral(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    // ---- the certificate

    private static X509Certificate sign(byte[] issuer, byte[] subject, KeyPair subjectKeys, PrivateKey signer,
            Instant notBefore, Instant notAfter, byte[] extensions, boolean rsa) throws GeneralSecurityException {
        byte[] algorithm = rsa
                ? seq(oid("1.2.840.113549.1.1.11"), tlv(0x05)) // sha256WithRSAEncryption, NULL parameters (RFC 4055)
                : seq(oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256, no parameters (RFC 5758)
        byte[] serial = new byte[16];
        RANDOM.nextBytes(serial);
        serial[0] &= 0x7f;
        byte[] tbs = seq(
                tlv(0xa0, integer(BigInteger.valueOf(2))),
                integer(new BigInteger(1, serial)),
                algorithm,
                issuer,
                seq(time(notBefore), time(notAfter)),
                subject,
                subjectKeys.getPublic().getEncoded(),
                tlv(0xa3, extensions));
        Signature signature = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
        signature.initSign(signer);
        signature.update(tbs);
        byte[] der = seq(tbs, algorithm, bitString(signature.sign(), 0));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair rsaKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static byte[] name(String commonName) {
        return seq(tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] extension(String id, boolean critical, byte[] value) {
        return critical ? seq(oid(id), bool(true), tlv(0x04, value)) : seq(oid(id), tlv(0x04, value));
    }

    // ---- DER (X.690), only what the certificates above use

    private static byte[] time(Instant instant) {
        ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
        // RFC 5280 section 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050
        if (t.getYear() < 2050) {
            return tlv(0x17, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(t).getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(0x18, DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").format(t).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] bool(boolean value) {
        return tlv(0x01, new byte[] {(byte) (value ? 0xff : 0x00)});
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] bitString(byte[] bits, int unused) {
        byte[] content = new byte[bits.length + 1];
        content[0] = (byte) unused;
        System.arraycopy(bits, 0, content, 1, bits.length);
        return tlv(0x03, content);
    }

    static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            long v = Long.parseLong(parts[i]);
            int groups = 1;
            for (long rest = v >>> 7; rest != 0; rest >>>= 7) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                int b = (int) ((v >>> (7 * g)) & 0x7f);
                out.write(g == 0 ? b : b | 0x80);
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, parts);
    }

    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >>> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
