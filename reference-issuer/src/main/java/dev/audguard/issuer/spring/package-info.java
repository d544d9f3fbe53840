/**
 * Spring test wiring: {@link dev.audguard.issuer.spring.WithReferenceIssuer} (one line on a
 * {@code @SpringBootTest}) and {@link dev.audguard.issuer.spring.ReferenceIssuerInitializer}. Needs
 * {@code spring-test} and {@code spring-context}, optional dependencies of this module.
 */
package dev.audguard.issuer.spring;
