package dev.audguard.jaxrs;

/** {@link ConformanceCases} against the feature in Jersey 3.1 (Grizzly). */
class JerseyConformanceIT extends ConformanceCases {
    @Override
    TestServer.Factory servers() {
        return JerseyServer::start;
    }
}
