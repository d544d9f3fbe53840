package dev.audguard.issuer.junit;

import dev.audguard.issuer.RealmHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code @ExtendWith} without a field serves the demo realm and injects its handle. */
@ExtendWith(ReferenceIssuerExtension.class)
class ReferenceIssuerExtensionDeclarativeIT {

    @Test
    void injectsTheDemoRealm(RealmHandle demo) {
        assertThat(demo.name()).isEqualTo("demo");
        assertThat(demo.clientCredentials("service-b", "b-secret").accessToken()).isNotBlank();
    }
}
