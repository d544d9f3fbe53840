package dev.audguard.core.internal;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Reads a trust store file (PKCS#12, or JKS: the JDK's PKCS#12 loader reads both) into an
 * {@link SSLContext} that trusts its certificates, for a configuration given as text (Keycloak's
 * {@code truststore} / {@code truststore-password}, a servlet init parameter). Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class TrustStores {
    private static final String CLASSPATH = "classpath:";

    private TrustStores() {
    }

    /**
     * The TLS context trusting the certificates of the store at {@code location}: a file path, or
     * {@code classpath:name} for a resource, as Keycloak's adapters read it.
     *
     * @param field what the user wrote, for messages (e.g. {@code keycloak.json "truststore"})
     * @param password the store's password, or {@code null} for none
     * @throws IllegalArgumentException naming {@code field} and the location (never the password)
     *     when the store cannot be read, the password is wrong, or it holds no certificate
     */
    public static SSLContext sslContext(String location, char[] password, String field) {
        KeyStore store;
        try (InputStream in = open(location, field)) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, password);
        } catch (IOException e) {
            // a wrong password surfaces as an IOException whose cause is an UnrecoverableKeyException
            throw new IllegalArgumentException(field + " (" + location + ") cannot be read as a PKCS#12 or JKS trust store"
                    + " (wrong password, or not a trust store). Fix: point it at the store holding the issuer's CA certificate"
                    + " and give its password");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + " (" + location + ") cannot be read as a trust store: "
                    + e.getClass().getSimpleName());
        }
        try {
            if (store.size() == 0) {
                throw new IllegalArgumentException(field + " (" + location + ") holds no certificate. Fix: import the issuer's CA"
                        + " certificate into it (keytool -importcert)");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + " (" + location + ") cannot be used as a trust store: "
                    + e.getClass().getSimpleName());
        }
    }

    private static InputStream open(String location, String field) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            String name = location.substring(CLASSPATH.length());
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            InputStream in = (loader != null ? loader : TrustStores.class.getClassLoader())
                    .getResourceAsStream(name.startsWith("/") ? name.substring(1) : name);
            if (in == null) {
                throw new IllegalArgumentException(field + " (" + location + "): no such resource on the class path");
            }
            return in;
        }
        Path path = Path.of(location);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(field + " (" + location + "): no such file. Fix: give the trust store's path,"
                    + " or classpath:NAME for a resource");
        }
        return Files.newInputStream(path);
    }
}
