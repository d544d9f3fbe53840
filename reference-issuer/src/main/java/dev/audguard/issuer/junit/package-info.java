/**
 * JUnit Jupiter support: {@link dev.audguard.issuer.junit.ReferenceIssuerExtension} starts a
 * reference issuer for a test class or a test and injects it. Needs {@code junit-jupiter-api} on the
 * test classpath (an optional dependency of this module).
 */
package dev.audguard.issuer.junit;
