package dev.audguard.jaxrs;

import jakarta.ws.rs.core.Application;

/** The annotation rules on Jersey 3.1. */
class JerseyAnnotationRulesIT extends AnnotationRulesContract {
    @Override
    TestServer start(Application app) {
        return JerseyServer.start(app);
    }
}
