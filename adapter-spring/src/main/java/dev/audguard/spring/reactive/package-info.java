/**
 * Reactive (WebFlux) resource server on sdk-core's front door: per-path rules, the same refusals
 * as the servlet side (401/400/403/503, JSON body, {@code resource_metadata}), RFC 9728 metadata
 * and validation that never blocks an event-loop thread, DPoP / certificate-bound tokens from a
 * {@code SenderConstraints} bean and introspection included. {@code authorizeExchange} refusals of
 * any chain carry Spring's decision, so a missing scope authority answers 403
 * {@code insufficient_scope} naming it.
 */
package dev.audguard.spring.reactive;
