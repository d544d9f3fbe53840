package dev.audguard.spring.internal;

import dev.audguard.core.ProtectedResource;
import dev.audguard.core.ProtectedResourceMetadata;
import dev.audguard.core.TokenIntrospector;
import dev.audguard.core.TokenValidator;
import dev.audguard.spring.AudguardProperties;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The front door of the properties, as the Spring MVC request-aware authentication and the WebFlux
 * resource server both build it: principal claim, refusal explanations, introspection, challenge
 * realm, {@code Retry-After}, and the RFC 9728 metadata of {@code audguard.resource-metadata.*}.
 * Each caller adds what is its own (the sender binding, listeners). Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class FrontDoors {
    private FrontDoors() {
    }

    /** A builder with everything the properties say about the front door; {@code scopes} are those of the path rules. */
    public static ProtectedResource.Builder builder(TokenValidator validator, ValidatorSettings settings, AudguardProperties properties,
                                                    Collection<String> scopes, TokenIntrospector introspector) {
        ProtectedResource.Builder builder = ProtectedResource.builder(validator).principalClaim(settings.principalClaim());
        if (properties.isExplainRefusals()) {
            builder.explainRefusalsAtWarn();
        }
        if (introspector != null) {
            builder.introspection(introspector, settings.introspectionMode());
        }
        if (properties.getRealm() != null) {
            builder.realm(properties.getRealm());
        }
        if (properties.getRetryAfter() != null) {
            builder.retryAfter(properties.getRetryAfter());
        }
        URI resource = properties.getResourceMetadata().getResource();
        if (resource != null) {
            ProtectedResourceMetadata metadata = ProtectedResourceMetadata.of(resource, List.copyOf(validator.issuers()),
                    List.copyOf(scopes));
            String name = properties.getResourceMetadata().getResourceName();
            if (name != null) {
                metadata = metadata.withFields(Map.of("resource_name", name));
            }
            builder.resourceMetadata(metadata);
        }
        return builder;
    }
}
