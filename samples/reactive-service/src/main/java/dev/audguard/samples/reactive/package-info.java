/** reactive-service: a Spring WebFlux resource server on Netty, audience {@code reactive-service}. */
package dev.audguard.samples.reactive;
