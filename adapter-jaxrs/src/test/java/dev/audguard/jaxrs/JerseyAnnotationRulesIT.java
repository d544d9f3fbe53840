package dev.audguard.jaxrs;

/** The annotation rules on Jersey 3.1. */
class JerseyAnnotationRulesIT extends AnnotationRulesContract {
    @Override
    TestServer start(RulesApp app) {
        return JerseyServer.start(app);
    }
}
