package dev.audguard.core.binding;

/**
 * Whether a resource (or one issuer's tokens at it) takes DPoP-bound tokens.
 *
 * <p>Whatever the policy, a DPoP-bound token (one with {@code cnf.jkt}) presented with the
 * {@code Bearer} scheme is refused (RFC 9449 section 7.2): the binding is the point of such a token.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-7">RFC 9449 section 7</a>
 */
public enum DpopPolicy {
    /** The {@code DPoP} scheme is refused; bearer tokens that are not bound pass. */
    DISABLED,
    /** The default: bound tokens need a valid proof, bearer tokens that are not bound still pass. */
    ALLOWED,
    /** Only DPoP-bound tokens with a valid proof pass; every bearer token is refused. */
    REQUIRED
}
