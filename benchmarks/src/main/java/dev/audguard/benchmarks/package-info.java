/**
 * JMH benchmarks. {@link dev.audguard.benchmarks.ValidationBenchmark} compares audguard with Spring
 * Security's {@code NimbusJwtDecoder}, jose4j, auth0 {@code java-jwt} and the bare JCA signature
 * check on the same keys and tokens; see {@code docs/performance.md} for the commands and figures.
 */
package dev.audguard.benchmarks;
