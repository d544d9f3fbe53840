package dev.audguard.issuer;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone server: {@code java -jar reference-issuer.jar [--host 127.0.0.1] [--port 8080]
 * [--realm-file FILE]... [--context-path /auth] [--frontend-url URL] [--strict-rfc8693] [--https | --mtls]
 * [--tls-key ec|rsa] [--ca-out FILE]}. {@code --https} serves HTTPS with a CA generated at start, {@code --mtls} also asks
 * clients for certificates (certificate-bound tokens); {@code --tls-key rsa} makes those certificates'
 * keys RSA 2048 instead of EC P-256; {@code --ca-out} writes that CA as PEM for
 * clients to trust ({@code curl --cacert FILE}), before the listening line is printed. Options
 * also take the {@code --port=0} form. With no {@code --realm-file} it serves the built-in
 * {@code demo} realm. Once it accepts connections it prints exactly one line,
 * {@code reference issuer listening on http://HOST:PORT} ({@code https://} with TLS), to standard output; notices go to
 * standard error. SIGTERM or Ctrl-C stops it.
 *
 * <p>Not instantiable; {@link #main(String[])} runs one issuer until the JVM exits.
 */
public final class ReferenceIssuerMain {

    static final String USAGE = "usage: java -jar reference-issuer.jar [--host 127.0.0.1] [--port 8080]"
            + " [--realm-file FILE]... [--context-path /auth] [--frontend-url URL] [--strict-rfc8693]"
            + " [--https | --mtls] [--tls-key ec|rsa] [--ca-out FILE]";

    private ReferenceIssuerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // No SLF4J provider is bundled; keep SLF4J's own "no provider" warning off the console.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        ReferenceIssuer issuer;
        try {
            issuer = start(args, System.out, System.err);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (issuer == null) {
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            issuer.close();
            stopped.countDown();
        }, "reference-issuer-shutdown"));
        stopped.await();
    }

    /**
     * Parses the arguments and starts the issuer; null after {@code --help}.
     *
     * @throws IllegalArgumentException for bad arguments or an unusable realm file
     */
    static ReferenceIssuer start(String[] args, PrintStream out, PrintStream err) {
        ReferenceIssuer.Builder builder = ReferenceIssuer.builder();
        String host = "127.0.0.1";
        int port = 8080;
        List<Path> realmFiles = new ArrayList<>();
        boolean https = false;
        boolean mtls = false;
        Path caOut = null;
        String tlsKey = null;
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                rest.add(arg.substring(0, eq));
                rest.add(arg.substring(eq + 1));
            } else {
                rest.add(arg);
            }
        }
        for (int i = 0; i < rest.size(); i++) {
            String option = rest.get(i);
            switch (option) {
                case "--help", "-h" -> {
                    out.println(USAGE);
                    out.flush();
                    return null;
                }
                case "--strict-rfc8693" -> builder.strictRfc8693();
                case "--https" -> https = true;
                case "--mtls" -> mtls = true;
                case "--host", "--port", "--realm-file", "--context-path", "--frontend-url", "--ca-out", "--tls-key" -> {
                    if (i + 1 >= rest.size()) {
                        throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
                    }
                    String value = rest.get(++i);
                    switch (option) {
                        case "--host" -> host = value;
                        case "--port" -> port = parsePort(value);
                        case "--realm-file" -> realmFiles.add(Path.of(value));
                        case "--context-path" -> builder.contextPath(value);
                        case "--ca-out" -> caOut = Path.of(value);
                        case "--tls-key" -> tlsKey = value;
                        default -> builder.frontendUrl(URI.create(value));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        if (https && mtls) {
            throw new IllegalArgumentException("--https and --mtls: give one (--mtls is HTTPS that also asks for client certificates)\n" + USAGE);
        }
        if (caOut != null && !https && !mtls) {
            throw new IllegalArgumentException("--ca-out writes the CA of an HTTPS issuer: add --https or --mtls\n" + USAGE);
        }
        if (tlsKey != null) {
            if (!https && !mtls) {
                throw new IllegalArgumentException("--tls-key chooses the keys of the HTTPS certificates: add --https or --mtls\n" + USAGE);
            }
            switch (tlsKey) {
                case "ec" -> builder.tlsKeys(IssuerTls.KeyAlgorithm.EC_P256);
                case "rsa" -> builder.tlsKeys(IssuerTls.KeyAlgorithm.RSA_2048);
                default -> throw new IllegalArgumentException("--tls-key " + tlsKey + ": give ec (EC P-256, the default) or rsa (RSA 2048)\n" + USAGE);
            }
        }
        if (mtls) {
            builder.mutualTls();
        } else if (https) {
            builder.https();
        }
        List<Realm> realms = new ArrayList<>();
        for (Path file : realmFiles) {
            try {
                realms.add(Realm.fromFile(file));
            } catch (RealmFormatException e) {
                throw new IllegalArgumentException("realm file " + file + ": " + e.getMessage(), e);
            }
        }
        if (realms.isEmpty()) {
            realms.add(Realm.builtInDemo());
        }
        err.println("audguard reference issuer: for tests only, not a production identity provider.");
        for (Realm realm : realms) {
            builder.realm(realm);
            if (!realm.ignoredFeatures().isEmpty()) {
                err.println("realm " + realm.name() + ": not modelled, ignored: " + String.join(", ", realm.ignoredFeatures()));
            }
            realm.notices().forEach(notice -> err.println("realm " + realm.name() + ": " + notice));
        }
        ReferenceIssuer issuer = builder.host(host).port(port).start();
        if (caOut != null) {
            try {
                issuer.tls().writeCaCertificatePem(caOut);
            } catch (java.io.IOException e) {
                issuer.close();
                throw new IllegalArgumentException("--ca-out " + caOut + ": cannot write the CA certificate there ("
                        + e.getClass().getSimpleName() + "); give a writable file path", e);
            }
            err.println("CA certificate (PEM) written to " + caOut);
        }
        for (String name : issuer.realmNames()) {
            err.println("realm " + name + ": " + issuer.issuerUrl(name));
        }
        err.flush();
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        out.println("reference issuer listening on " + issuer.baseUri().getScheme() + "://" + shownHost + ":" + issuer.port());
        out.flush();
        return issuer;
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a number from 0 to 65535");
        }
    }
}
