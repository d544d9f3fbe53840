/**
 * The helpers the adapters' tests share that need reference-issuer or sdk-core types: a DPoP target
 * checked by sdk-core's verifier, the tokens of the log-leak probe, a proxy's certificate header,
 * realms built for one test's needs, and the contracts (no token in the logs, explained refusals)
 * each adapter runs. Test scope only, never published; reference-issuer and sdk-core never depend on
 * it (their tests keep their own), and what needs neither lives in {@code dev.audguard.testsupport}.
 */
package dev.audguard.testsupport.issuer;
