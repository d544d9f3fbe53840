/**
 * Calls to other services on the user's behalf with tokens exchanged by token-exchange-client
 * (RFC 8693), never forwarded: the {@code RestClient} interceptor, the {@code WebClient} filter,
 * where the subject token comes from, and their auto-configuration.
 */
package dev.audguard.spring.client;
