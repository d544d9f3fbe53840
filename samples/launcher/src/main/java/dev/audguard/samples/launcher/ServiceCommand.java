package dev.audguard.samples.launcher;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A sample service's command line ({@code --key=value} or {@code --key value}) and the rest of its
 * {@code main}: once started, it says {@code NAME listening on http://HOST:PORT} and runs until the
 * JVM is stopped, then closes the service.
 *
 * <pre>
 * ServiceCommand command = ServiceCommand.parse("good-service", args, "--issuer=URL [--port=8083] [--host=127.0.0.1]", "issuer");
 * GoodService service = GoodService.start(command.host(), command.port(8083), command.get("issuer"));
 * command.serve(service.baseUri(), service);
 * </pre>
 *
 * <p>Immutable; {@link #serve} blocks, and is meant to be called once, from {@code main}.
 */
public final class ServiceCommand {
    private final String name;
    private final Map<String, String> options;

    private ServiceCommand(String name, Map<String, String> options) {
        this.name = name;
        this.options = Map.copyOf(options);
    }

    /**
     * Reads {@code args}. When one of the {@code required} options is missing it prints
     * {@code usage: NAME SYNOPSIS} to stderr and exits with status 2.
     *
     * @throws IllegalArgumentException for an argument that does not start with {@code --}, or a
     *     last {@code --key} without a value
     */
    public static ServiceCommand parse(String name, String[] args, String synopsis, String... required) {
        ServiceCommand command = of(name, args);
        for (String key : required) {
            if (command.get(key) == null) {
                System.err.println("usage: " + name + " " + synopsis);
                System.exit(2);
            }
        }
        return command;
    }

    /** {@link #parse} without the check for required options. */
    static ServiceCommand of(String name, String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("missing value for " + arg);
            }
        }
        return new ServiceCommand(name, options);
    }

    /** The value of {@code --key}, or {@code null} when it was not given. */
    public String get(String key) {
        return options.get(key);
    }

    /** The value of {@code --key}, or {@code otherwise}. */
    public String get(String key, String otherwise) {
        return options.getOrDefault(key, otherwise);
    }

    /** {@code --host}, by default {@code 127.0.0.1}: the samples listen on loopback unless told otherwise. */
    public String host() {
        return get("host", "127.0.0.1");
    }

    /**
     * {@code --port}, or {@code otherwise} (each sample has its own, so that all of them can run side
     * by side); 0 is any free port.
     *
     * @throws NumberFormatException when it is not a number
     */
    public int port(int otherwise) {
        String port = get("port");
        return port == null ? otherwise : Integer.parseInt(port);
    }

    /**
     * Prints {@code NAME listening on ORIGIN} ({@code at} without its path, the line the demo waits
     * for), then blocks until the JVM is stopped (SIGTERM, Ctrl-C), when {@code service} is closed.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void serve(URI at, AutoCloseable service) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println(name + " did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println(listening(name, at));
        System.out.flush();
        stopped.await();
    }

    /** {@code NAME listening on http://HOST:PORT}: {@code at} without its path, nor a trailing slash. */
    static String listening(String name, URI at) {
        String origin = at.resolve("/").toString();
        return name + " listening on " + origin.substring(0, origin.length() - 1);
    }
}
