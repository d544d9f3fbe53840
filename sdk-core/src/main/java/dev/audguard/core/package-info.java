/**
 * The audience-enforcing access token validator and the pieces every HTTP adapter shares.
 *
 * <p>Start with {@link dev.audguard.core.TokenValidator#builder()}: it refuses to build without an
 * audience rule. A token that passes becomes a {@link dev.audguard.core.VerifiedToken}; one that
 * does not raises a {@link dev.audguard.core.TokenValidationException} carrying a stable
 * {@link dev.audguard.core.Reason}. Adapters read the token with
 * {@link dev.audguard.core.BearerTokens}, answer refusals with
 * {@link dev.audguard.core.BearerChallenge} and publish
 * {@link dev.audguard.core.ProtectedResourceMetadata}.
 *
 * <p>No framework types appear here, and no Nimbus or Caffeine type appears in a public signature.
 */
package dev.audguard.core;
