package dev.audguard.jaxrs;

import org.junit.jupiter.api.Tag;

/** The annotation rules on RESTEasy 6.2. */
@Tag("resteasy")
class ResteasyAnnotationRulesIT extends AnnotationRulesContract {
    @Override
    TestServer start(RulesApp app) {
        return ResteasyServer.start(app);
    }
}
