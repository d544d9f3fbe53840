package dev.audguard.mcp;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.audguard.core.AccessRule;
import dev.audguard.core.AudienceRule;
import dev.audguard.core.HttpAnswer;
import dev.audguard.core.Outcome;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.ProtectedResourceMetadata;
import dev.audguard.core.Reason;
import dev.audguard.core.Refusal;
import dev.audguard.core.ResourceRequest;
import dev.audguard.core.ResourceUri;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.internal.Options;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.mcp.internal.JsonRpcReader;
import dev.audguard.mcp.internal.McpServletFilter;
import dev.audguard.mcp.internal.SessionOwners;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The protection of one MCP endpoint, as the MCP authorization specification asks of a server:
 * every request carries a token issued for this server (its canonical resource URI, or an audience
 * you name such as Keycloak's client id), checked on every request by sdk-core's
 * {@link ProtectedResource} pipeline; RFC 9728 metadata at the path-inserted and the root URI;
 * per-operation scopes read from the JSON-RPC body with step-up challenges; sessions bound to the
 * token that created them; and tools that call other services with exchanged tokens
 * ({@link McpCaller}), never the client's.
 *
 * <pre>{@code
 * McpProtection mcp = McpProtection.builder(validator)
 *         .resource("https://mcp.example.com/mcp")           // what clients connect to; never taken from Host
 *         .acceptAudience("mcp-server")                      // Keycloak puts the client id in aud
 *         .scopes(OperationScopes.builder()
 *                 .tool("refund_order", "orders:refund")
 *                 .build())
 *         .exchangeClient(exchangeClient)                    // for McpCaller.exchangeFor(..)
 *         .build();
 * context.addFilter(new FilterHolder(mcp.servletFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
 * HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
 *         .mcpEndpoint("/mcp").contextExtractor(mcp.transportContextExtractor()).build();
 * }</pre>
 *
 * <p>Per request to the endpoint:
 * <ol>
 *   <li>{@code OPTIONS} (CORS preflight) passes untouched: it never gets a 401.</li>
 *   <li>A {@code POST} body is read once, up to {@link Builder#maxBodyBytes} (413 past it), and must
 *       be one JSON-RPC message: a batch, malformed JSON or a message that is neither request,
 *       notification nor response is 400. Where the client sends {@code Mcp-Method} /
 *       {@code Mcp-Name} headers (protocol revision 2026-07-28) they must equal the body's method and
 *       tool/prompt/resource name, else 400 {@code mcp_header_mismatch}, before anything runs.</li>
 *   <li>The token is checked by the pipeline (RFC 6750; DPoP or certificate binding when configured
 *       on the front door) with the audience rule of this endpoint: resource URIs compared in
 *       canonical form on both sides. With {@link Builder#singleAudience()} a token naming any other
 *       audience too is refused.</li>
 *   <li>A request with {@code Mcp-Session-Id} must come with a token of the same issuer, subject and
 *       client as the one that created the session, else 404 (the client starts a new session);
 *       a session is never a credential.</li>
 *   <li>The scopes the operation needs ({@link OperationScopes}) must be granted, else 403
 *       {@code insufficient_scope} naming every required scope in one challenge with
 *       {@code resource_metadata}.</li>
 * </ol>
 *
 * <p>Immutable and thread-safe: build one per endpoint.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization">MCP authorization</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9728">RFC 9728</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8707">RFC 8707</a>
 */
public final class McpProtection {
    private static final Logger log = LoggerFactory.getLogger(McpProtection.class);
    /** The request attribute holding the {@link McpCaller} of an accepted request. */
    public static final String CALLER_ATTRIBUTE = "dev.audguard.mcp.McpCaller";
    /** The session header of MCP's Streamable HTTP transport. */
    public static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";

    static final Refusal BATCH = Refusal.of("mcp_batch_refused", 400, "invalid_request",
            "JSON-RPC batches are not accepted.");
    static final Refusal MALFORMED = Refusal.of("mcp_malformed_message", 400, "invalid_request",
            "The request body is not one JSON-RPC message.");
    static final Refusal HEADER_MISMATCH = Refusal.of("mcp_header_mismatch", 400, "invalid_request",
            "The Mcp-Method or Mcp-Name header does not match the request body.");
    static final Refusal TOO_LARGE = Refusal.of("request_too_large", 413, "invalid_request",
            "The request body is too large.");
    static final Refusal UNKNOWN_SESSION = Refusal.of("mcp_session_not_found", 404, "invalid_request",
            "The session does not exist.");

    private final ProtectedResource resource;
    private final ResourceUri resourceUri;
    private final AccessRule rule;
    private final boolean singleAudience;
    private final OperationScopes scopes;
    private final int maxBodyBytes;
    private final String endpointPath;
    private final List<String> metadataPaths;
    private final SessionOwners sessions;
    private final TokenExchangeClient exchangeClient;
    private final McpListener listener;

    private McpProtection(Builder b, ResourceUri resourceUri, ProtectedResource resource) {
        this.resource = resource;
        this.resourceUri = resourceUri;
        List<String> audiences = new ArrayList<>();
        audiences.add(resourceUri.toString());
        audiences.addAll(b.extraAudiences);
        this.rule = AccessRule.authenticated().withAudience(AudienceRule.anyOfResourceUris(audiences.toArray(String[]::new)));
        this.singleAudience = b.singleAudience;
        this.scopes = b.scopes == null ? OperationScopes.none() : b.scopes;
        this.maxBodyBytes = b.maxBodyBytes == null ? 1024 * 1024 : b.maxBodyBytes;
        this.endpointPath = b.endpointPath != null ? b.endpointPath : resourceUri.path().isEmpty() ? "/" : resourceUri.path();
        String inserted = ProtectedResourceMetadata.WELL_KNOWN_PATH + resourceUri.path();
        this.metadataPaths = inserted.equals(ProtectedResourceMetadata.WELL_KNOWN_PATH) ? List.of(inserted)
                : List.of(inserted, ProtectedResourceMetadata.WELL_KNOWN_PATH);
        this.sessions = new SessionOwners(b.sessionLifetime == null ? Duration.ofHours(8) : b.sessionLifetime, 100_000,
                b.ticker == null ? Ticker.systemTicker() : b.ticker);
        this.exchangeClient = b.exchangeClient;
        this.listener = b.listener == null ? McpListener.none() : b.listener;
    }

    /** A builder for an endpoint whose tokens {@code validator} checks (signature, issuer, expiry, type). */
    public static Builder builder(TokenValidator validator) {
        return new Builder(validator);
    }

    /** The canonical resource URI clients connect to, as the metadata states it. */
    public ResourceUri resource() {
        return resourceUri;
    }

    /** The path of the MCP endpoint within the application, e.g. {@code /mcp}. */
    public String endpointPath() {
        return endpointPath;
    }

    /** The paths within the application where the RFC 9728 metadata is served: path-inserted first, then the root one. */
    public List<String> metadataPaths() {
        return metadataPaths;
    }

    /** The front door every request goes through; for answers of your own (e.g. a failed exchange in a tool). */
    public ProtectedResource frontDoor() {
        return resource;
    }

    /** A servlet filter applying this protection; map it to {@code /*} (it ignores paths that are not its). */
    public Filter servletFilter() {
        return new McpServletFilter(this);
    }

    /**
     * For the MCP Java SDK's servlet transports ({@code contextExtractor(..)}): puts the request's
     * {@link McpCaller} into the transport context, where tool handlers find it with
     * {@link McpCaller#of(McpTransportContext)}.
     */
    public McpTransportContextExtractor<HttpServletRequest> transportContextExtractor() {
        return request -> request.getAttribute(CALLER_ATTRIBUTE) instanceof McpCaller caller
                ? McpTransportContext.create(Map.of(McpCaller.CONTEXT_KEY, caller)) : McpTransportContext.EMPTY;
    }

    /** What to do with one request to the endpoint. */
    public sealed interface Decision permits Decision.Pass, Decision.Proceed, Decision.Answer {
        /** Not the protection's business (a preflight, another path): hand it on untouched. */
        record Pass() implements Decision {
        }

        /** Accepted: hand it on with the caller; {@code call} is empty for requests without a body. */
        record Proceed(McpCaller caller, Optional<McpCall> call, List<HttpAnswer.Header> responseHeaders) implements Decision {
        }

        /** Answered here: metadata, or a refusal. */
        record Answer(HttpAnswer answer) implements Decision {
        }
    }

    /**
     * Decides a request to this application: the servlet filter's logic on plain values, usable
     * from any host.
     *
     * @param request the request as the pipeline takes it (path within the application, headers
     *     named by {@link #requestHeaders()})
     * @param body the POST body read so far (at most {@code maxBodyBytes + 1} bytes), or null
     * @param bodyLength how many bytes of {@code body} were read
     */
    public Decision decide(ResourceRequest request, byte[] body, int bodyLength) {
        String method = request.method().orElse("");
        String path = request.path().orElse("");
        if (metadataPaths.contains(path) && (method.equals("GET") || method.equals("HEAD"))) {
            return new Decision.Answer(resource.metadataAnswer().orElseThrow());
        }
        if (!path.equals(endpointPath) || method.equals("OPTIONS")) {
            return new Decision.Pass();
        }
        Optional<McpCall> call = Optional.empty();
        if (method.equals("POST")) {
            if (body == null || bodyLength > maxBodyBytes) {
                return refuse(TOO_LARGE, call);
            }
            try {
                call = Optional.of(JsonRpcReader.read(body, 0, bodyLength));
            } catch (JsonRpcReader.UnreadableException e) {
                return refuse(e.problem() == JsonRpcReader.Problem.BATCH ? BATCH : MALFORMED, call);
            }
            if (!headersMatch(request, call.get())) {
                return refuse(HEADER_MISMATCH, call);
            }
        }
        Set<String> required = call.map(scopes::requiredFor).orElse(scopes.always());
        Outcome outcome = resource.authenticate(request, rule);
        if (outcome.isRefused()) {
            Refusal refusal = outcome.refused().refusal();
            listener.onRefused(refusal.code(), call);
            // a 401 names the scopes the operation needs, so the client asks for them at once
            return new Decision.Answer(refusal.status() == 401 && !required.isEmpty()
                    ? resource.answer(refusal.withRequiredScopes(required)) : outcome.refused().answer());
        }
        if (!outcome.isAccepted()) {
            // the endpoint's rule is authenticated(): anonymous cannot happen; refuse rather than assume
            return refuse(Refusal.missingToken(), call);
        }
        VerifiedToken token = outcome.accepted().token();
        if (singleAudience && token.audiences().size() != 1) {
            log.debug("MCP request refused: the token names {} audiences, one is required", token.audiences().size());
            return refuse(Refusal.of(Reason.AUDIENCE_MISMATCH), call);
        }
        List<String> session = request.headerValues(SESSION_HEADER);
        boolean initialize = call.flatMap(McpCall::method).filter("initialize"::equals).isPresent();
        if (!session.isEmpty() && !initialize && (session.size() > 1 || !sessions.mayUse(session.get(0), token))) {
            log.debug("MCP request refused: the session was created with another token (fingerprint {})", token.fingerprint());
            return refuse(UNKNOWN_SESSION, call);
        }
        Set<String> missing = scopes.missing(token.scopes(), required);
        if (!missing.isEmpty()) {
            log.debug("MCP request refused: {} needs scopes {}", call.flatMap(McpCall::method).orElse(method), missing);
            return refuse(Refusal.insufficientScope(required), call);
        }
        call.ifPresent(listener::onAccepted);
        return new Decision.Proceed(new McpCaller(token, exchangeClient), call, outcome.accepted().responseHeaders());
    }

    /** The request headers {@link #decide} reads: the pipeline's and MCP's own. */
    public Set<String> requestHeaders() {
        Set<String> headers = new LinkedHashSet<>(resource.requestHeaders());
        headers.add(SESSION_HEADER);
        headers.add(METHOD_HEADER);
        headers.add(NAME_HEADER);
        return headers;
    }

    /**
     * The headers of {@code request} a host hides from the MCP server: a trusted proxy's
     * certificate header sent by a peer that is not a trusted proxy
     * ({@link ProtectedResource#untrustedHeaders}).
     */
    public Set<String> untrustedHeaders(ResourceRequest request) {
        return resource.untrustedHeaders(request);
    }

    /** The most body bytes a request may carry. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The MCP server gave the client session {@code id} in answer to a request accepted with {@code caller}'s token. */
    public void sessionCreated(String id, McpCaller caller) {
        sessions.created(id, caller.token());
    }

    /** The client ended session {@code id}. */
    public void sessionEnded(String id) {
        sessions.ended(id);
    }

    private Decision refuse(Refusal refusal, Optional<McpCall> call) {
        listener.onRefused(refusal.code(), call);
        return new Decision.Answer(resource.answer(refusal));
    }

    /** {@code Mcp-Method} and {@code Mcp-Name}, when sent, say what the body says (one value each). */
    private static boolean headersMatch(ResourceRequest request, McpCall call) {
        List<String> methods = request.headerValues(METHOD_HEADER);
        List<String> names = request.headerValues(NAME_HEADER);
        if (methods.size() > 1 || names.size() > 1) {
            return false;
        }
        if (!methods.isEmpty() && !call.method().map(methods.get(0)::equals).orElse(false)) {
            return false;
        }
        return names.isEmpty() || call.name().map(names.get(0)::equals).orElse(false);
    }

    @Override
    public String toString() {
        return "McpProtection{resource=" + resourceUri + ", endpoint=" + endpointPath + ", scopes=" + scopes + '}';
    }

    /**
     * Configures an {@link McpProtection}. {@link #resource} is required. Each option can be set
     * once. Defaults: endpoint at the resource's path, no scopes beyond a valid token, bodies up to
     * 1 MiB, sessions remembered 8 hours after their last use, no token exchange.
     *
     * <p>Not thread-safe. {@link #build()} can run again.
     */
    public static final class Builder {
        private final TokenValidator validator;
        private String resource;
        private final List<String> extraAudiences = new ArrayList<>();
        private boolean singleAudience;
        private OperationScopes scopes;
        private Integer maxBodyBytes;
        private String endpointPath;
        private Duration sessionLifetime;
        private Ticker ticker;
        private TokenExchangeClient exchangeClient;
        private McpListener listener;
        private String realm;
        private final List<Consumer<ProtectedResource.Builder>> frontDoor = new ArrayList<>();

        private Builder(TokenValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
        }

        /**
         * The canonical URI clients connect to (e.g. {@code https://mcp.example.com/mcp}), stated as
         * {@code resource} in the RFC 9728 metadata and accepted as audience. Configured, never taken
         * from a request's {@code Host}.
         *
         * @throws IllegalArgumentException when it is not an https URI (http only on loopback)
         */
        public Builder resource(String uri) {
            Options.requireUnset(resource, "resource");
            ResourceUri.of(uri);
            this.resource = uri;
            return this;
        }

        /** Also accept tokens whose {@code aud} names {@code audience}, e.g. the client id Keycloak puts there. */
        public Builder acceptAudience(String... audiences) {
            for (String audience : audiences) {
                if (Objects.requireNonNull(audience, "audience").isBlank()) {
                    throw new IllegalArgumentException("an audience must not be blank");
                }
                extraAudiences.add(audience);
            }
            return this;
        }

        /** Refuse tokens that name any audience besides one of this endpoint's: a token for this server only. */
        public Builder singleAudience() {
            this.singleAudience = true;
            return this;
        }

        /** The scopes each operation needs. */
        public Builder scopes(OperationScopes scopes) {
            Options.requireUnset(this.scopes, "scopes");
            this.scopes = Objects.requireNonNull(scopes, "scopes");
            return this;
        }

        /** The largest request body accepted (default 1 MiB); larger ones are 413. */
        public Builder maxBodyBytes(int bytes) {
            Options.requireUnset(maxBodyBytes, "maxBodyBytes");
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** The endpoint's path within the application, when it differs from the resource URI's path (behind a proxy that strips a prefix). */
        public Builder endpointPath(String path) {
            Options.requireUnset(endpointPath, "endpointPath");
            if (!Objects.requireNonNull(path, "path").startsWith("/")) {
                throw new IllegalArgumentException("endpointPath must start with /");
            }
            this.endpointPath = path;
            return this;
        }

        /** How long a session's owner is remembered after its last use (default 8 hours). */
        public Builder sessionLifetime(Duration lifetime) {
            Options.requireUnset(sessionLifetime, "sessionLifetime");
            this.sessionLifetime = Options.positive(Objects.requireNonNull(lifetime, "lifetime"), "sessionLifetime");
            return this;
        }

        /** The ticker of the session bookkeeping (tests advance a fake one). */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** The client that exchanges callers' tokens for downstream calls ({@link McpCaller#exchangeFor}). */
        public Builder exchangeClient(TokenExchangeClient client) {
            this.exchangeClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Told of every decision, e.g. an {@link McpMetrics}. */
        public Builder listener(McpListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The {@code realm} of challenges. */
        public Builder realm(String realm) {
            this.realm = Objects.requireNonNull(realm, "realm");
            return this;
        }

        /** Further options of the front door every request goes through, e.g. DPoP or certificate binding. */
        public Builder frontDoor(Consumer<ProtectedResource.Builder> options) {
            frontDoor.add(Objects.requireNonNull(options, "options"));
            return this;
        }

        /**
         * Builds the protection.
         *
         * @throws IllegalStateException when no resource was given
         */
        public McpProtection build() {
            if (resource == null) {
                throw new IllegalStateException("McpProtection needs resource(\"https://your-server/mcp\"): "
                        + "the URI clients connect to, stated in the metadata and required in tokens");
            }
            ResourceUri canonical = ResourceUri.of(resource);
            OperationScopes operationScopes = scopes == null ? OperationScopes.none() : scopes;
            ProtectedResource.Builder door = ProtectedResource.builder(validator)
                    .resourceMetadata(ProtectedResourceMetadata.of(URI.create(canonical.toString()),
                            List.copyOf(validator.issuers()), operationScopes.all()));
            if (realm != null) {
                door.realm(realm);
            }
            frontDoor.forEach(options -> options.accept(door));
            return new McpProtection(this, canonical, door.build());
        }
    }
}
