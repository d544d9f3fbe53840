package dev.audguard.jaxrs;

import org.junit.jupiter.api.Tag;

/** {@link ConformanceCases} against the feature in RESTEasy 6.2 (its servlet dispatcher in Jetty 12 ee10). */
@Tag("resteasy")
class ResteasyConformanceIT extends ConformanceCases {
    @Override
    TestServer.Factory servers() {
        return ResteasyServer::start;
    }
}
