package dev.audguard.jaxrs;

import jakarta.ws.rs.core.Application;
import org.junit.jupiter.api.Tag;

/** A trusted proxy's certificate header never reaches a resource method, on RESTEasy 6.2. */
@Tag("resteasy")
class ResteasyProxyCertificateHeaderIT extends ProxyCertificateHeaderContract {
    @Override
    TestServer start(Application app) {
        return ResteasyServer.start(app);
    }
}
