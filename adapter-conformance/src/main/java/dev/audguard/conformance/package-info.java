/**
 * The adapter conformance kit: JUnit 5 dynamic tests that send the hostile-token catalogue to a
 * protected URL over real HTTP and check each RFC 6750 answer. Start with
 * {@link dev.audguard.conformance.AdapterConformance#builder()}.
 *
 * <p>A black box: the kit knows the {@code reference-issuer} (where tokens come from) and HTTP,
 * never {@code sdk-core} or an adapter, so it checks any service, in any framework, the same way.
 * Test-support code: depend on it in {@code test} scope.
 */
package dev.audguard.conformance;
