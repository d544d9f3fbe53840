package dev.audguard.jaxrs;

import dev.audguard.core.VerifiedToken;
import dev.audguard.core.internal.Options;
import dev.audguard.exchange.DownstreamAuthorization;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.SubjectTokenSource;
import dev.audguard.exchange.TokenExchangeException;
import dev.audguard.exchange.UnknownDownstreamException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A JAX-RS client filter that calls downstream services with RFC 8693 exchanged tokens, never with
 * the token the service received. Built on token-exchange-client's {@link DownstreamAuthorizer}:
 * targets, exchange, cache and the one-retry rule live there.
 *
 * <pre>{@code
 * ExchangingClientFilter exchanging = ExchangingClientFilter.builder(downstream)   // a DownstreamAuthorizer
 *         .subjectTokenSource(bearerTokenFeature.subjectTokenSource())             // the request being served
 *         .build();
 * Client client = ClientBuilder.newClient().register(exchanging);
 * String orders = client.target(serviceC).path("orders").request().get(String.class);
 * }</pre>
 *
 * <p>For each request:
 * <ul>
 *   <li>The subject is the {@link #SUBJECT_PROPERTY} request property when set (a
 *       {@link VerifiedToken} or {@link SubjectToken}: for work off the request thread), else the
 *       configured {@link SubjectTokenSource}'s current token (with
 *       {@link BearerTokenFeature#subjectTokenSource()}: the request the thread is serving).</li>
 *   <li>{@link DownstreamAuthorizer#authorize} exchanges it (cache first) for the target the URL
 *       belongs to, and the request is sent with {@code Authorization: Bearer <exchanged>}.</li>
 *   <li>Refused before anything is sent, by throwing (the client reports a
 *       {@link jakarta.ws.rs.ProcessingException} with the cause): a URL under no target
 *       ({@link UnknownDownstreamException}), a request that already has an {@code Authorization}
 *       header (never overwritten: it could be the subject token), no subject token
 *       ({@link IllegalStateException}), a failed exchange ({@link TokenExchangeException}, whose
 *       {@code httpStatus()} says what to answer the caller).</li>
 *   <li>A request carrying an exchanged token never follows a redirect (it would carry the token
 *       to wherever the target points): Jersey is told not to follow redirects for these requests;
 *       a RESTEasy client whose engine follows them ({@code setFollowRedirects(true)},
 *       {@code dev.resteasy.client.follow.redirects}) is refused with
 *       {@link IllegalStateException} before anything is sent (RESTEasy decides per engine, not
 *       per request). Configure any other client not to follow redirects.</li>
 * </ul>
 *
 * <p><b>One retry.</b> A filter cannot resend a request, so the response filter does it: when the
 * target answers {@code 401} with a {@code Bearer} challenge carrying {@code error="invalid_token"}
 * to a first attempt, {@link DownstreamAuthorizer#retryFor} drops the cached token and exchanges
 * again, the request is sent once more through the same {@code Client} (same method, URI,
 * headers, properties and entity object, new {@code Authorization}), and that response's status,
 * headers and entity replace the refused one's. A second {@code 401} goes to the caller; the
 * resent request is marked so it is never retried again. An entity that can be read only once
 * ({@code InputStream}, {@code Reader}, {@code StreamingOutput}, a channel) is not resent: the
 * cached token is dropped ({@link DownstreamAuthorizer#invalidate}) and the {@code 401} goes to
 * the caller, whose next call exchanges again. Register the filter on the {@code Client} (not a
 * {@code WebTarget}) so the resent request passes the same filters.
 *
 * <p><b>DPoP.</b> When the exchange client has a DPoP key ({@code TokenExchangeClient.Builder.dpop(..)})
 * and the issuer bound the exchanged token to it, the request goes with {@code Authorization: DPoP
 * <exchanged>} and a fresh {@code DPoP} proof of its method and URI with {@code ath} (RFC 9449 section
 * 7). A {@code 401} whose {@code DPoP} challenge says {@code error="use_dpop_nonce"}, with a
 * {@code DPoP-Nonce} header, is answered by sending the request once more (as above, through the same
 * {@code Client}) with a proof carrying that nonce; a second such answer goes to the caller.
 *
 * <p>Logs nothing that identifies a token but its fingerprint. Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693">RFC 8693</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 section 3.1</a>
 */
@Priority(Priorities.AUTHENTICATION)
public final class ExchangingClientFilter implements ClientRequestFilter, ClientResponseFilter {
    /**
     * Request property naming the subject of one call explicitly (a {@link VerifiedToken} or a
     * {@link SubjectToken}), e.g. {@code request().property(SUBJECT_PROPERTY, token)}; it wins over
     * the subject token source.
     */
    public static final String SUBJECT_PROPERTY = "dev.audguard.jaxrs.subject";

    private static final Logger log = LoggerFactory.getLogger(ExchangingClientFilter.class);
    /** The authorization a request was sent with. */
    private static final String USED_PROPERTY = "dev.audguard.jaxrs.downstream-authorization";
    /** The largest refused body read to its end before a resend; a larger one is closed. */
    private static final int MAX_DRAINED_BYTES = 64 * 1024;
    /** On the one resend: the authorization to send it with. */
    private static final String RETRY_PROPERTY = "dev.audguard.jaxrs.downstream-retry";
    /** The target's DPoP nonce the resent request's proof carries; set only on the one nonce retry. */
    private static final String NONCE_PROPERTY = "dev.audguard.jaxrs.dpop-nonce";
    /** Jersey's {@code ClientProperties.FOLLOW_REDIRECTS}, named as a string: the adapter does not depend on Jersey. */
    static final String JERSEY_FOLLOW_REDIRECTS = "jersey.config.client.followRedirects";
    /** Headers the resend takes from its entity or its connection, or that it replaces. */
    private static final Set<String> NOT_COPIED = Set.of("authorization", "dpop", "content-length", "content-type", "host",
            "transfer-encoding", "connection");

    /**
     * Per client class: whether a client follows redirects in its RESTEasy engine
     * ({@code ResteasyClient.httpEngine().isFollowRedirects()}), read reflectively since the
     * adapter depends on no runtime; {@code false} for other clients.
     */
    private static final ClassValue<Predicate<Client>> RESTEASY_FOLLOWS = new ClassValue<>() {
        @Override
        protected Predicate<Client> computeValue(Class<?> clientClass) {
            Method engineOf;
            try {
                engineOf = clientClass.getMethod("httpEngine");
            } catch (NoSuchMethodException notResteasy) {
                return client -> false;
            }
            return client -> {
                try {
                    Object engine = engineOf.invoke(client);
                    Method follows = engine == null ? null : engine.getClass().getMethod("isFollowRedirects");
                    return follows != null && Boolean.TRUE.equals(follows.invoke(engine));
                } catch (NoSuchMethodException engineWithoutTheSetting) {
                    return false;
                } catch (ReflectiveOperationException | RuntimeException unreadable) {
                    // cannot tell whether it follows redirects: refuse rather than risk the token
                    return true;
                }
            };
        }
    };

    private final DownstreamAuthorizer downstream;
    private final SubjectTokenSource source;

    private ExchangingClientFilter(DownstreamAuthorizer downstream, SubjectTokenSource source) {
        this.downstream = downstream;
        this.source = source;
    }

    /** A builder for a filter authorizing requests through {@code downstream}. */
    public static Builder builder(DownstreamAuthorizer downstream) {
        return new Builder(downstream);
    }

    /**
     * Sets the exchanged token on the request.
     *
     * @throws IllegalArgumentException when the request already has an {@code Authorization}
     *     header, or {@link #SUBJECT_PROPERTY} holds something else than a token
     * @throws UnknownDownstreamException when the URL belongs to no target
     * @throws IllegalStateException when there is no subject token
     * @throws TokenExchangeException when the exchange fails
     */
    @Override
    public void filter(ClientRequestContext request) {
        MultivaluedMap<String, Object> headers = request.getHeaders();
        if (request.getProperty(RETRY_PROPERTY) instanceof DownstreamAuthorization retry) {
            if (downstream.targetFor(request.getUri()).filter(retry.target()::equals).isEmpty()) {
                throw new IllegalStateException("a retried request must go to the target it was authorized for");
            }
            send(request, headers, retry, request.getProperty(NONCE_PROPERTY) instanceof String nonce ? nonce : null);
            return;
        }
        if (headers.containsKey(HttpHeaders.AUTHORIZATION)) {
            throw new IllegalArgumentException("the request already has an Authorization header; ExchangingClientFilter sets it "
                    + "and never overwrites one");
        }
        SubjectToken subject = explicitSubject(request).or(source::currentSubjectToken)
                .orElseThrow(() -> new IllegalStateException("no subject token for this call: call it while serving a request "
                        + "with a token (BearerTokenFeature.subjectTokenSource()), or set the request property "
                        + SUBJECT_PROPERTY));
        send(request, headers, downstream.authorize(request.getUri(), subject), null);
    }

    private static void send(ClientRequestContext request, MultivaluedMap<String, Object> headers, DownstreamAuthorization authorization,
                             String nonce) {
        if (RESTEASY_FOLLOWS.get(request.getClient().getClass()).test(request.getClient())) {
            throw new IllegalStateException("this RESTEasy client follows redirects, which would carry the exchanged token "
                    + "to wherever a target's Location points; build the client with setFollowRedirects(false) "
                    + "(RESTEasy's default) to call targets through ExchangingClientFilter");
        }
        headers.putSingle(HttpHeaders.AUTHORIZATION, authorization.headerValue());
        // RFC 9449 section 7: a DPoP-bound token goes with a fresh proof of this request's method and URI
        Optional<String> proof = authorization.dpopProof(request.getMethod(), request.getUri(), nonce);
        if (proof.isPresent()) {
            headers.putSingle("DPoP", proof.get());
        } else {
            headers.remove("DPoP");
        }
        request.setProperty(USED_PROPERTY, authorization);
        request.setProperty(JERSEY_FOLLOW_REDIRECTS, Boolean.FALSE);
    }

    private static Optional<SubjectToken> explicitSubject(ClientRequestContext request) {
        Object value = request.getProperty(SUBJECT_PROPERTY);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof VerifiedToken token) {
            return Optional.of(SubjectToken.of(token));
        }
        if (value instanceof SubjectToken token) {
            return Optional.of(token);
        }
        throw new IllegalArgumentException("the request property " + SUBJECT_PROPERTY + " must hold a VerifiedToken or a SubjectToken");
    }

    /**
     * Applies the one-retry rule to a {@code 401 invalid_token} answer to a request this filter
     * authorized.
     *
     * @throws TokenExchangeException when the new exchange fails
     */
    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) throws IOException {
        if (!(request.getProperty(USED_PROPERTY) instanceof DownstreamAuthorization used)) {
            return;
        }
        List<String> challenges = response.getHeaders().getOrDefault(HttpHeaders.WWW_AUTHENTICATE, List.of());
        Optional<String> nonce = request.getProperty(NONCE_PROPERTY) != null ? Optional.empty()
                : used.nonceRequested(response.getStatus(), challenges, response.getHeaderString("DPoP-Nonce"));
        if (nonce.isPresent()) {
            // RFC 9449 section 9: sent once more, same token, a proof with the target's nonce
            if (canResend(request.getEntity())) {
                replace(response, resend(request, used, nonce.get()));
            }
            return;
        }
        if (used.isRetry() || !DownstreamAuthorizer.isInvalidTokenChallenge(response.getStatus(), challenges)) {
            return;
        }
        if (!canResend(request.getEntity())) {
            downstream.invalidate(used);
            log.debug("Target {} refused exchanged token {}; the request body cannot be sent twice, so the refusal goes to "
                    + "the caller", used.target().name(), used.tokenFingerprint());
            return;
        }
        Optional<DownstreamAuthorization> retry = downstream.retryFor(used, response.getStatus(), challenges);
        if (retry.isPresent()) {
            replace(response, resend(request, retry.get(), null));
        }
    }

    private static boolean canResend(Object entity) {
        return !(entity instanceof InputStream || entity instanceof Reader || entity instanceof StreamingOutput
                || entity instanceof ReadableByteChannel);
    }

    private static Response resend(ClientRequestContext request, DownstreamAuthorization retry, String nonce) {
        Invocation.Builder builder = request.getClient().target(request.getUri()).request();
        request.getStringHeaders().forEach((name, values) -> {
            if (!NOT_COPIED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        for (String name : request.getPropertyNames()) {
            if (!name.equals(USED_PROPERTY) && !name.equals(RETRY_PROPERTY) && !name.equals(NONCE_PROPERTY)) {
                builder.property(name, request.getProperty(name));
            }
        }
        builder.property(RETRY_PROPERTY, retry).header(HttpHeaders.AUTHORIZATION, retry.headerValue());
        if (nonce != null) {
            builder.property(NONCE_PROPERTY, nonce);
        }
        if (!request.hasEntity()) {
            return builder.method(request.getMethod());
        }
        MediaType type = request.getMediaType() != null ? request.getMediaType() : MediaType.APPLICATION_OCTET_STREAM_TYPE;
        return builder.method(request.getMethod(), Entity.entity(typed(request.getEntity(), request.getEntityType()), type,
                request.getEntityAnnotations()));
    }

    /** The entity with its generic type, so a {@code List<Order>} is written as the first time. */
    private static Object typed(Object entity, Type type) {
        if (type == null || type.equals(entity.getClass())) {
            return entity;
        }
        try {
            return new GenericEntity<>(entity, type);
        } catch (IllegalArgumentException notAssignable) {
            return entity;
        }
    }

    /**
     * Puts the resent request's answer in place of the refused one. The refused body is read to its
     * end, not closed: on RESTEasy the context's entity stream is tied to the response it belongs to,
     * and closing it closes that whole response, the one the caller is handed with the resent
     * answer in it, whose {@code readEntity} then failed with "Response is closed". Read to its end,
     * the connection goes back to its pool on Jersey's and RESTEasy's connectors alike. Only a
     * refused body larger than {@link #MAX_DRAINED_BYTES} is closed instead (its connection
     * cannot be reused anyway).
     */
    private static void replace(ClientResponseContext refused, Response retried) throws IOException {
        InputStream refusedBody = refused.getEntityStream();
        if (refusedBody != null && !drain(refusedBody)) {
            refusedBody.close();
        }
        refused.setStatusInfo(retried.getStatusInfo());
        MultivaluedMap<String, String> headers = refused.getHeaders();
        headers.clear();
        retried.getStringHeaders().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        // not hasEntity(): RESTEasy says false for a body without Content-Type, and the body was then lost
        InputStream body = null;
        if (retried.getStatus() != 204) {
            try {
                body = retried.readEntity(InputStream.class);
            } catch (IllegalStateException noBody) {
                // RESTEasy: "input stream was empty"
            }
        }
        if (body == null) {
            retried.close();
            body = InputStream.nullInputStream();
        }
        refused.setEntityStream(body);
    }

    /** Reads {@code body} to its end; false when it holds more than {@link #MAX_DRAINED_BYTES}. */
    private static boolean drain(InputStream body) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = body.read(buffer)) != -1) {
            total += n;
            if (total > MAX_DRAINED_BYTES) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ExchangingClientFilter{" + downstream + '}';
    }

    /**
     * Configures an {@link ExchangingClientFilter}. Default: no subject token source, so every call
     * names its subject ({@link #SUBJECT_PROPERTY}). Each option can be set once. Not thread-safe.
     */
    public static final class Builder {
        private final DownstreamAuthorizer downstream;
        private SubjectTokenSource source;

        private Builder(DownstreamAuthorizer downstream) {
            this.downstream = Objects.requireNonNull(downstream, "downstream");
        }

        /** Where the current subject token comes from: {@link BearerTokenFeature#subjectTokenSource()} for the request being served. */
        public Builder subjectTokenSource(SubjectTokenSource source) {
            Options.requireUnset(this.source, "subjectTokenSource");
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The filter; register it on a JAX-RS {@code Client}. */
        public ExchangingClientFilter build() {
            return new ExchangingClientFilter(downstream, source != null ? source : SubjectTokenSource.none());
        }
    }
}
