package dev.audguard.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@link ProtectedResource#authenticate} decided for one request: {@link Accepted} (a valid
 * token that satisfies the rule), {@link Anonymous} (no token, and the rule lets anonymous requests
 * through or does not look) or {@link Refused} (with the {@link HttpAnswer} to send).
 *
 * <p>Java 17 callers branch with the accessors or {@link #fold}; on Java 21 a pattern
 * {@code switch} over the sealed type works as well.
 *
 * <pre>{@code
 * Outcome outcome = resource.authenticate(request);
 * if (outcome.isRefused()) {
 *     write(outcome.refused().answer());
 * } else if (outcome.isAccepted()) {
 *     proceed(outcome.accepted().token(), outcome.accepted().principal());
 * } else {
 *     proceedAnonymously();
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Outcome permits Outcome.Accepted, Outcome.Anonymous, Outcome.Refused {

    /** Whether a valid token was accepted. */
    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /** Whether the request passes without a token. */
    default boolean isAnonymous() {
        return this instanceof Anonymous;
    }

    /** Whether the request is refused. */
    default boolean isRefused() {
        return this instanceof Refused;
    }

    /**
     * This outcome as {@link Accepted}.
     *
     * @throws IllegalStateException when it is not
     */
    default Accepted accepted() {
        if (this instanceof Accepted a) {
            return a;
        }
        throw new IllegalStateException("the request was not accepted");
    }

    /**
     * This outcome as {@link Refused}.
     *
     * @throws IllegalStateException when it is not
     */
    default Refused refused() {
        if (this instanceof Refused r) {
            return r;
        }
        throw new IllegalStateException("the request was not refused");
    }

    /** Applies the function for this outcome's kind. */
    default <R> R fold(Function<? super Accepted, ? extends R> onAccepted, Function<? super Anonymous, ? extends R> onAnonymous,
                       Function<? super Refused, ? extends R> onRefused) {
        if (this instanceof Accepted a) {
            return onAccepted.apply(a);
        }
        if (this instanceof Refused r) {
            return onRefused.apply(r);
        }
        return onAnonymous.apply((Anonymous) this);
    }

    /**
     * A valid token that satisfies the rule: the token, the principal it names and its roles, as
     * configured on the front door (principal claim, realm or client roles).
     *
     * <p>Immutable and thread-safe; {@link #toString()} never shows the token.
     */
    final class Accepted implements Outcome {
        private static final String ANY_AUTHENTICATED_USER = "**";

        private final VerifiedToken token;
        private final String principalClaim;
        private final String rolesClient;
        private final List<HttpAnswer.Header> responseHeaders;
        private volatile Optional<BearerPrincipal> principal;

        Accepted(VerifiedToken token, String principalClaim, String rolesClient, List<HttpAnswer.Header> responseHeaders) {
            this.token = Objects.requireNonNull(token, "token");
            this.principalClaim = principalClaim;
            this.rolesClient = rolesClient;
            this.responseHeaders = responseHeaders;
        }

        /**
         * Headers the adapter adds to the response of this request (e.g. a {@code DPoP-Nonce} from a
         * sender-binding step); usually empty.
         */
        public List<HttpAnswer.Header> responseHeaders() {
            return responseHeaders;
        }

        /** The verified token. */
        public VerifiedToken token() {
            return token;
        }

        /**
         * The principal named by the configured claim, {@code sub} when the token lacks it; empty
         * when the token has neither. Resolved on first use.
         */
        public Optional<BearerPrincipal> principal() {
            Optional<BearerPrincipal> p = principal;
            if (p == null) {
                p = BearerPrincipal.of(token, principalClaim);
                principal = p;
            }
            return p;
        }

        /** The roles the front door reads: the token's realm roles, or the configured client's roles. */
        public Set<String> roles() {
            return rolesClient == null ? token.realmRoles() : token.clientRoles(rolesClient);
        }

        /** Whether {@link #roles()} holds {@code role}. */
        public boolean hasRole(String role) {
            return role != null && roles().contains(role);
        }

        /**
         * A host's role check ({@code HttpServletRequest.isUserInRole},
         * {@code SecurityContext.isUserInRole}): {@link #hasRole}, and {@code "**"} for any
         * authenticated user (Servlet 6.0 section 13.3), which every accepted request is.
         */
        public boolean isUserInRole(String role) {
            return ANY_AUTHENTICATED_USER.equals(role) || hasRole(role);
        }

        @Override
        public String toString() {
            return "Accepted[" + principal().map(BearerPrincipal::getName).orElse("?") + ']';
        }
    }

    /** No token, and the rule lets the request through ({@link AccessRule#permitAll()}, {@link AccessRule#unprotected()}). */
    final class Anonymous implements Outcome {
        static final Anonymous INSTANCE = new Anonymous();

        private Anonymous() {
        }

        @Override
        public String toString() {
            return "Anonymous";
        }
    }

    /** A refused request and the answer to send, prepared by the front door. */
    final class Refused implements Outcome {
        private final Refusal refusal;
        private final HttpAnswer answer;

        Refused(Refusal refusal, HttpAnswer answer) {
            this.refusal = Objects.requireNonNull(refusal, "refusal");
            this.answer = Objects.requireNonNull(answer, "answer");
        }

        /** Why. */
        public Refusal refusal() {
            return refusal;
        }

        /** What to send: status, headers, body. */
        public HttpAnswer answer() {
            return answer;
        }

        @Override
        public String toString() {
            return "Refused[" + refusal.code() + ']';
        }
    }
}
