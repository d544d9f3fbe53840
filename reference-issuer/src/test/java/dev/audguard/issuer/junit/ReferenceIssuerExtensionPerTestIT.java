package dev.audguard.issuer.junit;

import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** An instance-field registration: a fresh issuer, with fresh keys, for each test. */
class ReferenceIssuerExtensionPerTestIT {

    private static String previousKid;

    @RegisterExtension
    ReferenceIssuerExtension perTest = ReferenceIssuerExtension.withRealms(Realm.builder("shop")
            .client("web", c -> c.secret("s").serviceAccount()).build());

    @Test
    void firstTestGetsItsOwnIssuer(RealmHandle shop) {
        check(shop);
    }

    @Test
    void secondTestGetsAnotherIssuer(RealmHandle shop) {
        check(shop);
    }

    private static synchronized void check(RealmHandle shop) {
        assertThat(shop.clientCredentials("web", "s").accessToken()).isNotBlank();
        assertThat(shop.keys().activeKeyId()).isNotEqualTo(previousKid);
        previousKid = shop.keys().activeKeyId();
    }
}
