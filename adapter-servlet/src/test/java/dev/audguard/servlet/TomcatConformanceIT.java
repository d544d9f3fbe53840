package dev.audguard.servlet;

import org.junit.jupiter.api.Tag;

/** {@link ConformanceCases} against the filter in embedded Tomcat 11. */
@Tag("tomcat")
class TomcatConformanceIT extends ConformanceCases {
    TomcatConformanceIT() {
        super(TomcatServer::start);
    }
}
