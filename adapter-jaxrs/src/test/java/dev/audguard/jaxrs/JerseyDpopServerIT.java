package dev.audguard.jaxrs;

import jakarta.ws.rs.core.Application;

/** {@link DpopServerContract}: DPoP at a resource of Jersey 3.1 (Grizzly). */
class JerseyDpopServerIT extends DpopServerContract {
    @Override
    TestServer start(Application app) {
        return JerseyServer.start(app);
    }
}
