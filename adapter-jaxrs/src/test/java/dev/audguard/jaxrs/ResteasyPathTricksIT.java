package dev.audguard.jaxrs;

import jakarta.ws.rs.core.Application;
import org.junit.jupiter.api.Tag;

/** Inbound path tricks on RESTEasy 6.2. */
@Tag("resteasy")
class ResteasyPathTricksIT extends PathTricksContract {
    @Override
    TestServer start(Application app) {
        return ResteasyServer.start(app);
    }
}
