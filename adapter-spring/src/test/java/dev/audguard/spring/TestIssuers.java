package dev.audguard.spring;

import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;

/**
 * Reference issuers shared by every test class that uses the {@link ServiceB} context, which
 * Spring caches across classes: the issuers must live as long as the JVM does. Each starts on
 * first use, on a free loopback port.
 */
final class TestIssuers {
    private TestIssuers() {
    }

    /** The issuer {@code service-b} trusts through Spring's issuer-uri, audience service-b. */
    static RealmHandle demo() {
        return Demo.ISSUER.realm("demo");
    }

    /** A second trusted issuer, whose tokens must carry audience service-c. */
    static RealmHandle partner() {
        return Partner.ISSUER.realm("demo");
    }

    /** A third trusted issuer whose keys are never fetched successfully (tests make it unreachable). */
    static RealmHandle down() {
        return Down.ISSUER.realm("demo");
    }

    private static final class Demo {
        static final ReferenceIssuer ISSUER = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
    }

    private static final class Partner {
        static final ReferenceIssuer ISSUER = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
    }

    private static final class Down {
        static final ReferenceIssuer ISSUER = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
    }
}
