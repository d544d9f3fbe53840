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
 * [--realm-file FILE]... [--context-path /auth] [--frontend-url URL] [--strict-rfc8693]}. Options
 * also take the {@code --port=0} form. With no {@code --realm-file} it serves the built-in
 * {@code demo} realm. Once it accepts connections it prints exactly one line,
 * {@code reference issuer listening on http://HOST:PORT}, to standard output; notices go to
 * standard error. SIGTERM or Ctrl-C stops it.
 *
 * <p>Not instantiable; {@link #main(String[])} runs one issuer until the JVM exits.
 */
public final class ReferenceIssuerMain {

    static final String USAGE = "usage: java -jar reference-issuer.jar [--host 127.0.0.1] [--port 8080]"
            + " [--realm-file FILE]... [--context-path /auth] [--frontend-url URL] [--strict-rfc8693]";

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
                case "--host", "--port", "--realm-file", "--context-path", "--frontend-url" -> {
                    if (i + 1 >= rest.size()) {
                        throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
                    }
                    String value = rest.get(++i);
                    switch (option) {
                        case "--host" -> host = value;
                        case "--port" -> port = parsePort(value);
                        case "--realm-file" -> realmFiles.add(Path.of(value));
                        case "--context-path" -> builder.contextPath(value);
                        default -> builder.frontendUrl(URI.create(value));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
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
        for (String name : issuer.realmNames()) {
            err.println("realm " + name + ": " + issuer.issuerUrl(name));
        }
        err.flush();
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        out.println("reference issuer listening on http://" + shownHost + ":" + issuer.port());
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
