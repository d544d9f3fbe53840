/**
 * The audience-enforcing access token validator and the one front door every HTTP adapter shares.
 *
 * <p>Start with {@link dev.audguard.core.TokenValidator#builder()}: it refuses to build without an
 * audience rule. A token that passes becomes a {@link dev.audguard.core.VerifiedToken}; one that
 * does not raises a {@link dev.audguard.core.TokenValidationException} carrying a stable
 * {@link dev.audguard.core.Reason}.
 *
 * <p>Adapters hand each request, as a {@link dev.audguard.core.ResourceRequest} of plain strings,
 * to a {@link dev.audguard.core.ProtectedResource} with an {@link dev.audguard.core.AccessRule},
 * and turn the {@link dev.audguard.core.Outcome} back into their host's types; every refusal is a
 * {@link dev.audguard.core.Refusal} answered with a prepared {@link dev.audguard.core.HttpAnswer}
 * ({@link dev.audguard.core.BearerChallenge} builds the challenge). The front door also publishes
 * {@link dev.audguard.core.ProtectedResourceMetadata}.
 *
 * <p>No framework types appear here, and no Nimbus or Caffeine type appears in a public signature.
 */
package dev.audguard.core;
