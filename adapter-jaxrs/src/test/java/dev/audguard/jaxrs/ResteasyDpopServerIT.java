package dev.audguard.jaxrs;

import jakarta.ws.rs.core.Application;
import org.junit.jupiter.api.Tag;

/** {@link DpopServerContract}: DPoP at a resource of RESTEasy 6.2 (its servlet dispatcher in Jetty 12 ee10). */
@Tag("resteasy")
class ResteasyDpopServerIT extends DpopServerContract {
    @Override
    TestServer start(Application app) {
        return ResteasyServer.start(app);
    }
}
