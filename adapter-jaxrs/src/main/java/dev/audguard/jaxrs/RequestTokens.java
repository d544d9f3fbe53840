package dev.audguard.jaxrs;

import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.SubjectTokenSource;
import jakarta.ws.rs.container.ContainerRequestContext;

import java.util.Optional;

/**
 * The token of the request a thread is serving, for {@link ExchangingClientFilter}: bound by the
 * authentication filter when a synchronous resource method's token is accepted, released by a
 * response filter, and cleared first thing by every request that enters the application (so a
 * binding the framework did not release, because an application response filter failed first,
 * never reaches the thread's next request). A binding is also closed, from whatever thread completes the response,
 * so a thread that still holds it reads nothing. Not API.
 *
 * <p>One per {@link BearerTokenFeature} (no static state). Thread-safe.
 */
final class RequestTokens implements SubjectTokenSource {
    /** The request property holding the request's {@link Binding}, so the response filter finds it on any thread. */
    static final String BINDING_PROPERTY = "dev.audguard.jaxrs.binding";

    private final ThreadLocal<Binding> current = new ThreadLocal<>();

    /** The token of the request this thread is serving, when its resource method is synchronous and it had one. */
    @Override
    public Optional<SubjectToken> currentSubjectToken() {
        Binding binding = current.get();
        return binding == null ? Optional.empty() : binding.subject();
    }

    /** Forgets whatever this thread held: a request is entering the application. */
    void reset() {
        current.remove();
    }

    /** Binds {@code token} to this thread for the time {@code request} is being served. */
    void bind(ContainerRequestContext request, VerifiedToken token) {
        Binding binding = new Binding(token);
        request.setProperty(BINDING_PROPERTY, binding);
        current.set(binding);
    }

    /** Closes {@code request}'s binding, and clears it from this thread when this thread holds it. */
    void release(ContainerRequestContext request) {
        if (request.getProperty(BINDING_PROPERTY) instanceof Binding binding) {
            binding.close();
            request.removeProperty(BINDING_PROPERTY);
            // another thread's request may be completing this one's response: leave its binding alone
            if (current.get() == binding) {
                current.remove();
            }
        }
    }

    @Override
    public String toString() {
        return "RequestTokens[the token of the request being served]";
    }

    /** One request's token while it is being served. Thread-safe. */
    static final class Binding {
        private final VerifiedToken token;
        private volatile boolean open = true;
        private volatile SubjectToken subject;

        Binding(VerifiedToken token) {
            this.token = token;
        }

        Optional<SubjectToken> subject() {
            if (!open) {
                return Optional.empty();
            }
            SubjectToken s = subject;
            if (s == null) {
                // made on first use: most requests call nobody, and a SubjectToken hashes the token
                s = SubjectToken.of(token);
                subject = s;
            }
            return Optional.of(s);
        }

        void close() {
            open = false;
        }

        @Override
        public String toString() {
            return "Binding[" + token.fingerprint() + (open ? "" : ", closed") + "]";
        }
    }
}
