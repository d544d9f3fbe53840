package dev.audguard.jaxrs;

import dev.audguard.core.HttpAnswer;
import dev.audguard.core.Outcome;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.ProtectedResourceMetadata;
import dev.audguard.core.ResourceRequest;
import dev.audguard.jaxrs.internal.AccessPolicy;
import dev.audguard.jaxrs.internal.ResourceMethods;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translates between Jakarta REST and sdk-core's front door ({@link ProtectedResource}) for every
 * filter of one {@link BearerTokenFeature}: the request becomes plain strings, the method's
 * annotations become its {@link dev.audguard.core.AccessRule}, the {@link Outcome} becomes an
 * abort or an authenticated request. Every answer, challenge and body is the front door's. Not API.
 *
 * <p>Thread-safe.
 */
final class Engine {
    private static final Logger log = LoggerFactory.getLogger(BearerTokenFeature.class);
    /** Set on every request a policy was applied to, so the guard knows which were missed. */
    static final String CHECKED_PROPERTY = "dev.audguard.jaxrs.checked";
    /** Headers an accepted request's answer must carry (a sender-binding step's), for {@link ReleaseFilter}. */
    static final String RESPONSE_HEADERS_PROPERTY = "dev.audguard.jaxrs.response-headers";
    /** The request line as received, before any {@code @PreMatching} filter of the application rewrote it ({@link Received}). */
    static final String RECEIVED_PROPERTY = "dev.audguard.jaxrs.received";

    /**
     * The method, raw path and raw query a request arrived with, taken by {@link EntryFilter} before
     * the application's own {@code @PreMatching} filters run (a method override such as Jersey's
     * {@code HttpMethodOverrideFilter}, a URI rewrite). A DPoP proof signs the request as the client sent
     * it ({@code htm}, {@code htu}; RFC 9449 section 4.3), so the proof is checked against this, never
     * against the rewritten request; the query is where a client may have put a token.
     */
    record Received(String method, String rawPath, String rawQuery) {
        static Received of(ContainerRequestContext request) {
            URI uri = request.getUriInfo().getRequestUri();
            return new Received(request.getMethod(), uri.getRawPath(), uri.getRawQuery());
        }
    }

    private record MethodKey(Class<?> resourceClass, Method method) {
    }

    final ProtectedResource resource;
    final RequestTokens tokens = new RequestTokens();
    private final boolean metadataScopesFromAnnotations;
    private final String metadataPath;
    private final Map<MethodKey, AccessPolicy> policies = new ConcurrentHashMap<>();
    private final Set<String> annotatedScopes = ConcurrentHashMap.newKeySet();
    private volatile byte[] metadataJson;
    private volatile boolean serving;
    private final boolean readsOtherHeaders;

    Engine(ProtectedResource resource, boolean metadataScopesFromAnnotations) {
        this.resource = resource;
        this.metadataScopesFromAnnotations = metadataScopesFromAnnotations;
        this.metadataPath = resource.metadata().map(m -> m.metadataUrl().getRawPath()).orElse(null);
        this.readsOtherHeaders = resource.requestHeaders().size() > 1;
    }

    /** The policy of a resource method, resolved once; the scopes it requires join the published metadata. */
    AccessPolicy policyFor(Class<?> resourceClass, Method method) {
        return policies.computeIfAbsent(new MethodKey(resourceClass, method), key -> {
            AccessPolicy policy = AccessPolicy.of(key.resourceClass(), key.method());
            annotatedScopes.addAll(policy.requirements().scopes());
            return policy;
        });
    }

    /**
     * As {@link #policyFor}, for a method met at request time: since start-up is over, rules that
     * contradict each other refuse every request to the method (logged at ERROR once).
     */
    AccessPolicy policyAtRequest(Class<?> resourceClass, Method method) {
        AccessPolicy known = policies.get(new MethodKey(resourceClass, method));
        if (known != null) {
            return known;
        }
        try {
            return policyFor(resourceClass, method);
        } catch (IllegalStateException contradiction) {
            log.error("Refusing every request to a resource method whose security annotations cannot be honoured: {}",
                    contradiction.getMessage());
            policies.putIfAbsent(new MethodKey(resourceClass, method), AccessPolicy.NOBODY);
            return AccessPolicy.NOBODY;
        }
    }

    /** Reads the rules of every resource method of {@code classes} and their locators' types: contradictions fail now. */
    void readRules(Collection<Class<?>> classes) {
        ResourceMethods.forEach(classes, this::policyFor);
    }

    boolean serving() {
        return serving;
    }

    void entered() {
        if (!serving) {
            serving = true;
        }
    }

    /**
     * Removes from {@code request} the headers the application must not see
     * ({@link ProtectedResource#untrustedHeaders}): a trusted proxy's certificate header. Jakarta REST
     * has no portable peer address, so no peer is known to be a trusted proxy and such a header is
     * always removed (and never honoured). Runs on every request, unprotected ones too, before
     * matching; only a front door that reads headers besides {@code Authorization} looks at all.
     */
    void hideUntrustedHeaders(ContainerRequestContext request) {
        if (!readsOtherHeaders) {
            return;
        }
        Set<String> hidden = resource.untrustedHeaders(copy(request));
        if (hidden.isEmpty()) {
            return;
        }
        List<String> present = new ArrayList<>();
        for (String name : request.getHeaders().keySet()) {
            for (String hide : hidden) {
                if (name.equalsIgnoreCase(hide)) {
                    present.add(name);
                }
            }
        }
        present.forEach(request.getHeaders()::remove);
    }

    /** Hands {@code request} to the front door under {@code policy}: aborts it with the answer, or lets it on authenticated. */
    void apply(ContainerRequestContext request, AccessPolicy policy) {
        request.setProperty(CHECKED_PROPERTY, Boolean.TRUE);
        // No path rule is consulted: the rule is the matched method's own, so no spelling of the path
        // can move a request under another rule (and matrix parameters, a Jakarta REST feature, stay legal).
        Outcome outcome = resource.authenticate(copy(request), policy.rule());
        if (outcome.isRefused()) {
            request.abortWith(response(outcome.refused().answer()));
        } else if (outcome.isAccepted()) {
            Outcome.Accepted accepted = outcome.accepted();
            SecurityContext original = request.getSecurityContext();
            request.setSecurityContext(new BearerSecurityContext(accepted, original != null && original.isSecure()));
            request.setProperty(BearerTokenFeature.TOKEN_PROPERTY, accepted.token());
            if (!accepted.responseHeaders().isEmpty()) {
                request.setProperty(RESPONSE_HEADERS_PROPERTY, accepted.responseHeaders());
            }
            if (policy.synchronous()) {
                tokens.bind(request, accepted.token());
            }
        }
    }

    private ResourceRequest copy(ContainerRequestContext request) {
        Received received = request.getProperty(RECEIVED_PROPERTY) instanceof Received r ? r : Received.of(request);
        ResourceRequest.Builder copy = ResourceRequest.builder().method(received.method())
                .path(matchingPath(request.getUriInfo()))
                .rawPath(received.rawPath())
                .rawQuery(received.rawQuery());
        for (String name : resource.requestHeaders()) {
            List<String> values = request.getHeaders().get(name);
            if (values != null) {
                // two values already make a credential ambiguous: more are never needed
                copy.header(name, values.size() <= 2 ? values : values.subList(0, 2));
            }
        }
        return copy.build();
    }

    /**
     * The path a sender-binding step's URL patterns ({@code SenderConstraints.Builder.dpopPolicy}) are
     * matched against: the decoded path within the application as routed, one segment at a time
     * without its matrix parameters, {@code .} and empty segments dropped and {@code ..} resolved.
     * Jakarta REST routes {@code /admin;v=1/report} to {@code admin/report}, so the pattern
     * {@code /admin/*} must see it there too, or a matrix parameter would step around that path's
     * policy. (Servlet containers strip path parameters themselves, and the front door refuses what is
     * left; a Jakarta REST request keeps its matrix parameters, which are legal here.)
     */
    static String matchingPath(UriInfo uri) {
        List<String> segments = new ArrayList<>();
        List<PathSegment> all = uri.getPathSegments(true);
        for (PathSegment segment : all) {
            String name = segment.getPath();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                continue;
            }
            segments.add(name);
        }
        String path = "/" + String.join("/", segments);
        boolean trailingSlash = !all.isEmpty() && all.get(all.size() - 1).getPath().isEmpty() && !segments.isEmpty();
        return trailingSlash ? path + "/" : path;
    }

    /** A new single-use response carrying {@code answer}: status, headers in order, body bytes. */
    static Response response(HttpAnswer answer) {
        Response.ResponseBuilder response = Response.status(answer.status()).entity(answer.body());
        for (HttpAnswer.Header header : answer.headers()) {
            response.header(header.name(), header.value());
        }
        return response.build();
    }

    /** Whether {@code rawPath} is where this feature publishes its RFC 9728 metadata. */
    boolean isMetadataPath(String rawPath) {
        return metadataPath != null && metadataPath.equals(rawPath);
    }

    /** The metadata document; its {@code scopes_supported}, unless given, are the scopes the annotations require. */
    byte[] metadataJson() {
        byte[] json = metadataJson;
        if (json == null) {
            ProtectedResourceMetadata metadata = resource.metadata().orElseThrow();
            if (metadataScopesFromAnnotations) {
                // the binding steps' fields (dpop_signing_alg_values_supported, ...) stay
                metadata = new ProtectedResourceMetadata(metadata.resource(), metadata.authorizationServers(),
                        new ArrayList<>(new TreeSet<>(annotatedScopes)), metadata.bearerMethodsSupported(), metadata.otherFields());
            }
            json = metadata.toJson().getBytes(StandardCharsets.UTF_8);
            metadataJson = json;
        }
        return json;
    }
}
