package dev.audguard.servlet;

/** {@link ConformanceCases} against the filter in embedded Jetty 12 (ee10). */
class JettyConformanceIT extends ConformanceCases {
    JettyConformanceIT() {
        super(JettyServer::start);
    }
}
