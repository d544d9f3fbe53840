package dev.audguard.jaxrs;

import jakarta.ws.rs.core.Application;

/** Inbound path tricks on Jersey 3.1. */
class JerseyPathTricksIT extends PathTricksContract {
    @Override
    TestServer start(Application app) {
        return JerseyServer.start(app);
    }
}
