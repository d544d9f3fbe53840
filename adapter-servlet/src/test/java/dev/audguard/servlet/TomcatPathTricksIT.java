package dev.audguard.servlet;

import org.junit.jupiter.api.Tag;

/** {@link PathTrickCases} on embedded Tomcat 11 with its default connector settings. */
@Tag("tomcat")
class TomcatPathTricksIT extends PathTrickCases {
    TomcatPathTricksIT() {
        super(TomcatServer::start);
    }
}
