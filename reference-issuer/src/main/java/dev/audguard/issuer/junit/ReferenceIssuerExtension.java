package dev.audguard.issuer.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.audguard.issuer.IssuerClock;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Starts a {@link ReferenceIssuer} for a test class (a {@code static} field) or for each test (an
 * instance field), stops it afterwards, clears injected faults and OAuth errors, empties the request
 * logs and resets the issuer's clock after every test, and injects the issuer, its {@link IssuerClock}, or the {@link RealmHandle} of its only
 * realm, as a test method parameter.
 *
 * <pre>{@code
 * class OrdersApiTest {
 *     @RegisterExtension
 *     static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();
 *
 *     @Test
 *     void acceptsTokensMintedForIt(RealmHandle demo) {
 *         String token = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
 *     }
 * }
 * }</pre>
 *
 * <p>{@code @ExtendWith(ReferenceIssuerExtension.class)} also works and serves the demo realm.
 * Thread-safe for JUnit's use: one issuer per registration at a time.
 */
public final class ReferenceIssuerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final Supplier<ReferenceIssuer.Builder> builder;
    private volatile ReferenceIssuer issuer;
    private volatile boolean perClass;
    private final java.util.Queue<Path> files = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** For {@code @ExtendWith}: the built-in demo realm. */
    public ReferenceIssuerExtension() {
        this(() -> ReferenceIssuer.builder().realm(Realm.builtInDemo()));
    }

    private ReferenceIssuerExtension(Supplier<ReferenceIssuer.Builder> builder) {
        this.builder = builder;
    }

    /** The built-in {@code demo} realm on a free loopback port. */
    public static ReferenceIssuerExtension builtInDemo() {
        return new ReferenceIssuerExtension();
    }

    /** These realms on a free loopback port. */
    public static ReferenceIssuerExtension withRealms(Realm... realms) {
        return new ReferenceIssuerExtension(() -> {
            ReferenceIssuer.Builder b = ReferenceIssuer.builder();
            for (Realm realm : realms) {
                b.realm(realm);
            }
            return b;
        });
    }

    /** Full control: the supplier is asked for a fresh builder each time an issuer starts. */
    public static ReferenceIssuerExtension with(Supplier<ReferenceIssuer.Builder> builder) {
        return new ReferenceIssuerExtension(Objects.requireNonNull(builder, "builder"));
    }

    /** The running issuer. @throws IllegalStateException outside a test */
    public ReferenceIssuer issuer() {
        ReferenceIssuer current = issuer;
        if (current == null) {
            throw new IllegalStateException("the reference issuer runs only while a test runs");
        }
        return current;
    }

    public RealmHandle realm(String name) {
        return issuer().realm(name);
    }

    public String issuerUrl(String realm) {
        return issuer().issuerUrl(realm);
    }

    /**
     * A {@code keycloak.json} for a client of the issuer's only realm ({@link RealmHandle#keycloakJson}),
     * written to a temporary file that is deleted when this issuer stops: for a servlet or Jakarta
     * REST application configured by one, e.g. {@code BearerTokenFeature.keycloak(issuer.keycloakJson("orders-api"))}.
     *
     * @throws IllegalStateException outside a test, or when the issuer serves several realms
     */
    public Path keycloakJson(String clientId) {
        ReferenceIssuer current = issuer();
        if (current.realmNames().size() != 1) {
            throw new IllegalStateException("the issuer serves " + current.realmNames() + "; use keycloakJson(realm, clientId)");
        }
        return keycloakJson(current.realmNames().get(0), clientId);
    }

    /** The same for a client of the named realm. */
    public Path keycloakJson(String realm, String clientId) {
        String json = issuer().realm(realm).keycloakJson(clientId);
        try {
            Path file = Files.createTempFile("keycloak-" + realm + "-", ".json");
            files.add(file);
            return Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a keycloak.json", e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        issuer = builder.get().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
        perClass = false;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass || issuer == null) {
            perClass = false;
            issuer = builder.get().start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perClass) {
            // A shared issuer must not carry one test's faults, errors, requests or clock moves into the next.
            ReferenceIssuer current = issuer;
            if (current != null) {
                current.realmNames().forEach(name -> {
                    current.realm(name).faults().clear();
                    current.realm(name).errors().clear();
                    current.realm(name).requests().clear();
                });
                current.clock().reset();
            }
        } else {
            stop();
        }
    }

    private void stop() {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file; the JVM's temp directory is cleaned eventually
            }
        }
        files.clear();
        ReferenceIssuer current = issuer;
        issuer = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ReferenceIssuer.class || type == RealmHandle.class || type == IssuerClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ReferenceIssuer current = issuer();
        if (parameter.getParameter().getType() == ReferenceIssuer.class) {
            return current;
        }
        if (parameter.getParameter().getType() == IssuerClock.class) {
            return current.clock();
        }
        if (current.realmNames().size() != 1) {
            throw new ParameterResolutionException("the issuer serves " + current.realmNames()
                    + "; inject ReferenceIssuer and pick a realm by name");
        }
        return current.realm(current.realmNames().get(0));
    }
}
