/**
 * The helpers audguard's own tests share, kept once instead of copied per module: {@link
 * dev.audguard.testsupport.MutableClock} (time moves only when a test says so), {@link
 * dev.audguard.testsupport.Http} (plain JDK HTTP/1.1 calls with Authorization values), {@link
 * dev.audguard.testsupport.CapturedLog} (what slf4j-simple writes to standard error, with the
 * "no secret reached the log" assertion) and {@link dev.audguard.testsupport.TestCertificates} (an
 * in-memory CA and the certificates it signs).
 *
 * <p>Test code only: every module uses it test-scoped and it is never published. It depends on no
 * audguard module, so that reference-issuer, the oracle the SDK is tested against, can use it without
 * a cycle.
 */
package dev.audguard.testsupport;
