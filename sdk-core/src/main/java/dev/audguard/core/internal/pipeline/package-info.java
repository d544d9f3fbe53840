/**
 * The steps of {@link dev.audguard.core.ProtectedResource}'s request pipeline, shared by audguard's
 * own modules and not API: credentials ({@link dev.audguard.core.internal.pipeline.Credentials}),
 * the token check ({@link dev.audguard.core.internal.pipeline.TokenCheck}), sender binding
 * ({@link dev.audguard.core.internal.pipeline.SenderBinding}) and authorization
 * ({@link dev.audguard.core.internal.pipeline.AccessCheck}), plus the path rules and the path
 * check that select the {@link dev.audguard.core.AccessRule}. See {@code docs/architecture.md}.
 */
package dev.audguard.core.internal.pipeline;
