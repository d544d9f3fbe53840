/**
 * Implementation of the token-exchange client: the exchange chain (cache, retries, token request),
 * client authentication, discovery, transport, URL matching and challenge parsing. Not API:
 * anything here may change in any release.
 */
package dev.audguard.exchange.internal;
