package dev.audguard.spring;

import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A reference issuer with the built-in demo realm on a free loopback port, for one test class:
 * {@code @RegisterExtension static final DemoIssuer issuer = new DemoIssuer();} starts it before the
 * class's first test (and its {@code @BeforeAll} methods) and closes it after its last.
 * {@code @Nested} classes inherit the extension and share the enclosing class's issuer instead of
 * starting their own, which {@code ReferenceIssuerExtension} would do. A class may register another
 * class's instance to share its fixtures; the two then must not run at the same time.
 *
 * <p>Not thread-safe.
 */
public final class DemoIssuer implements BeforeAllCallback, AfterAllCallback {
    private ReferenceIssuer issuer;
    private Class<?> owner;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (issuer == null) {
            owner = context.getRequiredTestClass();
            issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (issuer != null && context.getRequiredTestClass() == owner) {
            issuer.close();
            issuer = null;
        }
    }

    /**
     * The demo realm.
     *
     * @throws IllegalStateException when the issuer is not running: outside the tests of the class that registered it
     */
    public RealmHandle demo() {
        if (issuer == null) {
            throw new IllegalStateException("the demo issuer runs only while the test class that registered it runs");
        }
        return issuer.realm("demo");
    }
}
