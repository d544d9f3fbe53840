/**
 * Sender-constrained access tokens: tokens a thief cannot use because they are bound to a key or a
 * certificate the legitimate client holds.
 *
 * <ul>
 *   <li>{@link dev.audguard.core.binding.DpopVerifier}: DPoP proofs (RFC 9449 sections 4.3 and 7),
 *       with a {@link dev.audguard.core.binding.ReplayStore} remembering each proof's {@code jti}
 *       (in memory by default; the {@code replay-store-redis} module shares it across instances).</li>
 *   <li>{@link dev.audguard.core.binding.CertificateBinding}: certificate-bound tokens (RFC 8705
 *       section 3), with the client certificate from the container or from a trusted proxy's header
 *       ({@link dev.audguard.core.binding.ClientCertificateHeader}).</li>
 * </ul>
 *
 * <p>Everything here takes plain strings and bytes, knows no framework, and refuses with a
 * {@link dev.audguard.core.binding.SenderBindingException} carrying a stable
 * {@link dev.audguard.core.binding.BindingReason}.
 */
package dev.audguard.core.binding;
