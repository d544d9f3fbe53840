package dev.audguard.servlet;

/** {@link PathTrickCases} on embedded Jetty 12 with its default URI compliance. */
class JettyPathTricksIT extends PathTrickCases {
    JettyPathTricksIT() {
        super(JettyServer::start);
    }
}
