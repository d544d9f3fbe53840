/**
 * RFC 8693 token exchange, and calling downstream services with exchanged tokens instead of
 * forwarding the token a service received.
 *
 * <p>Start with {@link dev.audguard.exchange.TokenExchangeClient#builder()}: it exchanges an
 * {@link dev.audguard.exchange.ExchangeRequest} for an {@link dev.audguard.exchange.ExchangedToken},
 * caching by every parameter that changes the answer, sharing concurrent identical exchanges and
 * retrying transient failures; failures raise a {@link dev.audguard.exchange.TokenExchangeException}
 * with a typed category. For outbound calls, configure named targets in a
 * {@link dev.audguard.exchange.DownstreamAuthorizer} (the piece every framework adapter builds on)
 * and send with an {@link dev.audguard.exchange.ExchangingHttpClient}, whose calls run through a
 * chain of {@link dev.audguard.exchange.Interceptor}s (yours, then the retry and bearer steps);
 * adapters supply the current request's token as a {@link dev.audguard.exchange.SubjectTokenSource}.
 *
 * <p>No framework types appear here, and no Nimbus or Caffeine type appears in a public signature.
 * No token, secret or key reaches a log, an event, an exception message or a {@code toString()}.
 */
package dev.audguard.exchange;
