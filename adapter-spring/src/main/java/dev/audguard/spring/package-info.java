/**
 * Spring Boot 4 / Spring Security 7 integration of audguard: auto-configuration of a
 * {@link org.springframework.security.oauth2.jwt.JwtDecoder} backed by sdk-core's
 * {@link dev.audguard.core.TokenValidator} (audiences enforced fail-closed), the RFC 6750 answers
 * every audguard adapter gives, RFC 9728 metadata, Actuator health and Micrometer meters, and
 * {@code RestClient} / {@code WebClient} calls with tokens exchanged by token-exchange-client.
 *
 * <p>Start with {@link dev.audguard.spring.AudguardProperties} and the module README; in your own
 * {@code SecurityFilterChain}, apply {@link dev.audguard.spring.server.AudguardResourceServer}.
 * The sub-packages are the doors: {@code server} (a protected Spring MVC resource server: decoder,
 * entry point, access-denied handler, path rules, the verified token), {@code client} (calls to
 * other services with exchanged tokens), {@code actuate} (health and meters), {@code reactive}
 * (the WebFlux resource server). This package holds the auto-configuration and its properties.
 */
package dev.audguard.spring;
