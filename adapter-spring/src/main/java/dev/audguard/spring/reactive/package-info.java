/**
 * Reactive (WebFlux) resource server on sdk-core's front door: per-path rules, the same refusals
 * as the servlet side (401/400/403/503, JSON body, {@code resource_metadata}), RFC 9728 metadata
 * and validation that never blocks an event-loop thread.
 */
package dev.audguard.spring.reactive;
