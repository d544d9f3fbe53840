package dev.audguard.issuer.junit;

import dev.audguard.issuer.Fault;
import dev.audguard.issuer.ReferenceIssuer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** A static registration: one issuer for the class, injected, with faults cleared between tests. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReferenceIssuerExtensionIT {

    @RegisterExtension
    static ReferenceIssuerExtension shared = ReferenceIssuerExtension.builtInDemo();

    static int status(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    @Order(1)
    void injectsTheIssuerAndLeavesAFaultBehind(ReferenceIssuer issuer) throws Exception {
        assertThat(issuer).isSameAs(shared.issuer());
        shared.realm("demo").faults().jwks(Fault.status(500));
        assertThat(status(shared.realm("demo").jwksUri())).isEqualTo(500);
    }

    @Test
    @Order(2)
    void theNextTestSeesTheSameIssuerWithoutThatFault(ReferenceIssuer issuer) throws Exception {
        assertThat(issuer).isSameAs(shared.issuer());
        assertThat(status(shared.realm("demo").jwksUri())).isEqualTo(200);
    }
}
