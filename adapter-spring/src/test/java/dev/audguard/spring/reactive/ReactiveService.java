package dev.audguard.spring.reactive;

import dev.audguard.issuer.Fault;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The bootstrap every reactive IT repeated: reference issuers on loopback port 0, then
 * {@link ReactiveTestApp} trusting one of them for the audience {@code reactive-service}, then
 * everything closed in reverse order. Register it as
 * {@code @RegisterExtension static final ReactiveService service = new ReactiveService();} and
 * start issuers and the app from {@code @BeforeAll}; it closes them after the last test. Or use it
 * in try-with-resources inside one test. Not thread-safe: one per test class.
 */
final class ReactiveService implements AfterAllCallback, AutoCloseable {
    static final String AUDIENCE = "reactive-service";

    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private ConfigurableApplicationContext context;

    /** Starts a reference issuer serving {@code realm}, closed with this service. */
    ReferenceIssuer issuer(Realm realm) {
        ReferenceIssuer issuer = ReferenceIssuer.builder().realm(realm).start();
        open.push(issuer);
        return issuer;
    }

    /** Starts a reference issuer with the built-in demo realm, closed with this service. */
    ReferenceIssuer issuer() {
        return issuer(Realm.builtInDemo());
    }

    /** Runs {@code closer} when this service closes: before what was started earlier, after what starts later. */
    void onClose(AutoCloseable closer) {
        open.push(closer);
    }

    /** A demo-realm issuer whose discovery and JWKS are down: its tokens cannot be checked. */
    ReferenceIssuer downIssuer() {
        ReferenceIssuer down = issuer();
        down.realm("demo").faults().discovery(Fault.down()).jwks(Fault.down());
        return down;
    }

    /** The demo realm the app trusts for its audience, and the demo realm of a second trusted issuer that is down. */
    record DemoAndDown(RealmHandle demo, RealmHandle down) {
    }

    /**
     * Starts a demo-realm issuer and a {@link #downIssuer() down} one, then the app trusting the first
     * for the audience {@code reactive-service} and the second as {@code audguard.issuers[0]}, with
     * {@code properties} (names and values in turn) added or overriding.
     */
    DemoAndDown startBesideADownIssuer(String... properties) {
        RealmHandle demo = issuer().realm("demo");
        RealmHandle down = downIssuer().realm("demo");
        String[] all = new String[properties.length + 2];
        all[0] = "audguard.issuers[0].uri";
        all[1] = down.issuerUrl();
        System.arraycopy(properties, 0, all, 2, properties.length);
        start(demo.issuerUrl(), all);
        return new DemoAndDown(demo, down);
    }

    /**
     * Starts the app trusting {@code issuerUrl} for the audience {@code reactive-service}, with
     * {@code properties} (names and values in turn) added or overriding.
     */
    ConfigurableApplicationContext start(String issuerUrl, String... properties) {
        return start(new Class<?>[0], issuerUrl, properties);
    }

    /** As {@link #start(String, String...)}, with {@code more} configuration classes. */
    ConfigurableApplicationContext start(Class<?>[] more, String issuerUrl, String... properties) {
        if (context != null) {
            throw new IllegalStateException("the app is already started");
        }
        String[] all = new String[properties.length + 4];
        all[0] = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
        all[1] = issuerUrl;
        all[2] = "spring.security.oauth2.resourceserver.jwt.audiences";
        all[3] = AUDIENCE;
        System.arraycopy(properties, 0, all, 4, properties.length);
        context = ReactiveTestApp.start(more, all);
        open.push(context);
        return context;
    }

    ConfigurableApplicationContext context() {
        if (context == null) {
            throw new IllegalStateException("the app is not started");
        }
        return context;
    }

    /** The loopback port the app listens on. */
    int port() {
        return ((ReactiveWebServerApplicationContext) context()).getWebServer().getPort();
    }

    /** {@code path} (with any query) on the app, over plain HTTP on loopback. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    public void afterAll(ExtensionContext extension) throws Exception {
        close();
    }

    /** Closes the app, then the issuers, newest first; the first failure is thrown after all are closed. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        context = null;
        if (first != null) {
            throw first;
        }
    }
}
