package dev.audguard.servlet;

/** {@link ExchangeFailureCases} on embedded Jetty 12. */
class JettyExchangeFailureIT extends ExchangeFailureCases {
    JettyExchangeFailureIT() {
        super(JettyServer::start);
    }
}
