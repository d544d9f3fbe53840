package dev.audguard.spring.internal;

import dev.audguard.core.ProtectedResource;
import dev.audguard.core.ProtectedResourceMetadata;
import dev.audguard.core.TokenIntrospector;
import dev.audguard.core.TokenValidator;
import dev.audguard.spring.AudguardProperties;
import dev.audguard.spring.server.AudguardAuthenticationEntryPoint;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

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
        challengeOptions(properties, builder::realm, builder::retryAfter);
        metadata(validator, properties, scopes).ifPresent(builder::resourceMetadata);
        return builder;
    }

    /**
     * The servlet entry point of the properties: the same realm, {@code Retry-After} and configured
     * resource's metadata URL as {@link #builder}'s front door; {@code frontDoor}'s answers when
     * there is one (the request-aware authentication), else challenges of its own.
     */
    public static AudguardAuthenticationEntryPoint entryPoint(TokenValidator validator, AudguardProperties properties,
                                                              Collection<String> scopes, ProtectedResource frontDoor) {
        AudguardAuthenticationEntryPoint.Builder builder = AudguardAuthenticationEntryPoint.builder();
        if (frontDoor != null) {
            builder.frontDoor(frontDoor);
        }
        challengeOptions(properties, builder::realm, builder::retryAfter);
        metadata(validator, properties, scopes).map(ProtectedResourceMetadata::metadataUrl).ifPresent(builder::resourceMetadata);
        return builder.build();
    }

    /** {@code audguard.realm} and {@code audguard.retry-after}, where set, for either builder. */
    private static void challengeOptions(AudguardProperties properties, Consumer<String> realm, Consumer<Duration> retryAfter) {
        if (properties.getRealm() != null) {
            realm.accept(properties.getRealm());
        }
        if (properties.getRetryAfter() != null) {
            retryAfter.accept(properties.getRetryAfter());
        }
    }

    /** The RFC 9728 metadata of {@code audguard.resource-metadata.*}, when a resource is configured. */
    private static Optional<ProtectedResourceMetadata> metadata(TokenValidator validator, AudguardProperties properties,
                                                                Collection<String> scopes) {
        URI resource = properties.getResourceMetadata().getResource();
        if (resource == null) {
            return Optional.empty();
        }
        ProtectedResourceMetadata metadata = ProtectedResourceMetadata.of(resource, List.copyOf(validator.issuers()),
                List.copyOf(scopes));
        String name = properties.getResourceMetadata().getResourceName();
        return Optional.of(name == null ? metadata : metadata.withFields(Map.of("resource_name", name)));
    }
}
