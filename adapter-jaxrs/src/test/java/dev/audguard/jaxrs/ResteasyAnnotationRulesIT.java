package dev.audguard.jaxrs;

import jakarta.ws.rs.core.Application;

import org.junit.jupiter.api.Tag;

/** The annotation rules on RESTEasy 6.2. */
@Tag("resteasy")
class ResteasyAnnotationRulesIT extends AnnotationRulesContract {
    @Override
    TestServer start(Application app) {
        return ResteasyServer.start(app);
    }
}
