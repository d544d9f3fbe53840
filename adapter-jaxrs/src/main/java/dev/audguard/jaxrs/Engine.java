package dev.audguard.jaxrs;

import dev.audguard.core.BearerChallenge;
import dev.audguard.core.BearerTokens;
import dev.audguard.core.ProtectedResourceMetadata;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.jaxrs.internal.AccessPolicy;
import dev.audguard.jaxrs.internal.Answers;
import dev.audguard.jaxrs.internal.ResourceMethods;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every filter of one {@link BearerTokenFeature} shares: the validator, the prepared answers,
 * principal and role settings, the per-method policies and the thread binding. Not API.
 *
 * <p>Thread-safe.
 */
final class Engine {
    private static final Logger log = LoggerFactory.getLogger(BearerTokenFeature.class);
    /** Set on every request a policy was applied to, so the guard knows which were missed. */
    static final String CHECKED_PROPERTY = "dev.audguard.jaxrs.checked";

    private record MethodKey(Class<?> resourceClass, Method method) {
    }

    final TokenValidator validator;
    final String principalClaim;
    final String rolesClient;
    final RequestTokens tokens = new RequestTokens();
    private final Answers answers;

    Answers answers() {
        return answers;
    }

    private final ProtectedResourceMetadata configuredMetadata;
    private final boolean metadataScopesFromAnnotations;
    private final String metadataPath;
    private final Map<MethodKey, AccessPolicy> policies = new ConcurrentHashMap<>();
    private final Set<String> annotatedScopes = ConcurrentHashMap.newKeySet();
    private volatile byte[] metadataJson;
    private volatile boolean serving;

    Engine(TokenValidator validator, String principalClaim, String rolesClient, BearerChallenge challenge,
           ProtectedResourceMetadata metadata, boolean metadataScopesFromAnnotations) {
        this.validator = validator;
        this.principalClaim = principalClaim;
        this.rolesClient = rolesClient;
        this.answers = new Answers(challenge);
        this.configuredMetadata = metadata;
        this.metadataScopesFromAnnotations = metadataScopesFromAnnotations;
        this.metadataPath = metadata == null ? null : metadata.metadataUrl().getRawPath();
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
     * The policy of a resource method met at request time (a sub-resource's, or the method on an
     * instance of another class than reported): as {@link #policyFor}, but rules that contradict
     * each other refuse every request to the method (logged at ERROR once), since start-up is over.
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

    /** Whether a request has entered: from then on, rules met for the first time cannot stop the application. */
    boolean serving() {
        return serving;
    }

    void serving(boolean entered) {
        if (entered && !serving) {
            serving = true;
        }
    }

    /** Reads the rules of every resource method of {@code classes} and their locators' types: contradictions fail now. */
    void readRules(Collection<Class<?>> classes) {
        ResourceMethods.forEach(classes, this::policyFor);
    }

    /** Applies {@code policy} to {@code request}: aborts it with sdk-core's answer, or lets it on authenticated. */
    void apply(ContainerRequestContext request, AccessPolicy policy) {
        request.setProperty(CHECKED_PROPERTY, Boolean.TRUE);
        VerifiedToken token;
        try {
            Optional<String> raw = BearerTokens.resolve(authorizationHeaders(request), request.getUriInfo().getRequestUri().getRawQuery());
            if (raw.isEmpty()) {
                if (policy.access() == AccessPolicy.Access.PERMIT_ALL) {
                    return;
                }
                log.debug("Request without a bearer token refused");
                request.abortWith(answers.missingToken());
                return;
            }
            // a token that is sent is checked even where none is needed: a bad one is refused, never ignored
            token = validator.validate(raw.get(), policy.requirements());
        } catch (TokenValidationException refused) {
            log.debug("Request refused: {}", refused.reason().code());
            request.abortWith(answers.failure(refused));
            return;
        } catch (RuntimeException unexpected) {
            // a fault in validation is not the caller's: answer as for keys we cannot check with,
            // never with the framework's error page
            log.warn("Token validation failed unexpectedly ({})", unexpected.getClass().getName());
            request.abortWith(answers.failure(new TokenValidationException(Reason.KEYS_UNAVAILABLE, unexpected)));
            return;
        }
        SecurityContext original = request.getSecurityContext();
        BearerSecurityContext security = new BearerSecurityContext(token, principalClaim, rolesClient,
                original != null && original.isSecure());
        if (!admits(policy, security)) {
            log.debug("Request refused: access_denied");
            request.abortWith(answers.accessDenied());
            return;
        }
        request.setSecurityContext(security);
        request.setProperty(BearerTokenFeature.TOKEN_PROPERTY, token);
        if (policy.synchronous()) {
            tokens.bind(request, token);
        }
    }

    private static boolean admits(AccessPolicy policy, SecurityContext security) {
        return switch (policy.access()) {
            case PERMIT_ALL, AUTHENTICATED -> true;
            case DENY_ALL -> false;
            case ROLES -> policy.roles().stream().anyMatch(security::isUserInRole);
        };
    }

    /** Every {@code Authorization} value, up to two: two already make the request invalid. */
    private static List<String> authorizationHeaders(ContainerRequestContext request) {
        List<String> values = request.getHeaders().get("Authorization");
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        return values.size() == 1 ? List.of(values.get(0)) : List.of(values.get(0), values.get(1));
    }

    /** Whether {@code rawPath} is where this feature publishes its RFC 9728 metadata. */
    boolean isMetadataPath(String rawPath) {
        return metadataPath != null && metadataPath.equals(rawPath);
    }

    /** The metadata document; its {@code scopes_supported}, unless given, are the scopes the annotations require. */
    byte[] metadataJson() {
        byte[] json = metadataJson;
        if (json == null) {
            ProtectedResourceMetadata metadata = configuredMetadata;
            if (metadataScopesFromAnnotations) {
                metadata = ProtectedResourceMetadata.of(metadata.resource(), metadata.authorizationServers(),
                        new ArrayList<>(new TreeSet<>(annotatedScopes)));
            }
            json = metadata.toJson().getBytes(StandardCharsets.UTF_8);
            metadataJson = json;
        }
        return json;
    }
}
