package dev.audguard.servlet;

import org.junit.jupiter.api.Tag;

/** {@link ExchangeFailureCases} on embedded Tomcat 11. */
@Tag("tomcat")
class TomcatExchangeFailureIT extends ExchangeFailureCases {
    TomcatExchangeFailureIT() {
        super(TomcatServer::start);
    }
}
