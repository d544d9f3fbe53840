/**
 * The servlet (Spring MVC) resource server: the audguard {@code JwtDecoder}, the RFC 6750 entry
 * point and access-denied handler, the bearer-token resolver, the sender-constraint request
 * authentication, path rules, Keycloak roles as authorities and {@link dev.audguard.spring.server.VerifiedJwt},
 * the verified token behind a Spring {@code Jwt}. Auto-configured by
 * {@link dev.audguard.spring.AudguardAutoConfiguration}; in your own {@code SecurityFilterChain}, apply
 * {@link dev.audguard.spring.server.AudguardResourceServer}.
 */
package dev.audguard.spring.server;
