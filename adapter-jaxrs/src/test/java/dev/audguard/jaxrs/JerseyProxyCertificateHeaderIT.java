package dev.audguard.jaxrs;

import jakarta.ws.rs.core.Application;

/** A trusted proxy's certificate header never reaches a resource method, on Jersey 3.1. */
class JerseyProxyCertificateHeaderIT extends ProxyCertificateHeaderContract {
    @Override
    TestServer start(Application app) {
        return JerseyServer.start(app);
    }
}
