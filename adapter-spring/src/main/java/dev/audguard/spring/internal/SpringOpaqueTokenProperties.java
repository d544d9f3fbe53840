package dev.audguard.spring.internal;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's {@code spring.security.oauth2.resourceserver.opaquetoken.*} properties, which mean
 * what {@code audguard.introspection.endpoint}, {@code .client-id} and {@code .client-secret} mean
 * ({@code client_secret_basic}, as Spring's introspector sends them), bound from the environment
 * directly so that Boot's resource-server module need not be present. Not API.
 *
 * <p>Immutable and thread-safe.
 *
 * @param introspectionUri the introspection endpoint, or null
 * @param clientId the introspecting client, or null
 * @param clientSecret its secret, or null
 */
public record SpringOpaqueTokenProperties(String introspectionUri, String clientId, String clientSecret) {
    /** The prefix of the properties read. */
    public static final String PREFIX = "spring.security.oauth2.resourceserver.opaquetoken";

    /** None set. */
    public static SpringOpaqueTokenProperties none() {
        return new SpringOpaqueTokenProperties(null, null, null);
    }

    /** The values set in {@code environment}. */
    public static SpringOpaqueTokenProperties from(Environment environment) {
        Binder binder = Binder.get(environment);
        return new SpringOpaqueTokenProperties(binder.bind(PREFIX + ".introspection-uri", String.class).orElse(null),
                binder.bind(PREFIX + ".client-id", String.class).orElse(null),
                binder.bind(PREFIX + ".client-secret", String.class).orElse(null));
    }

    /** Whether introspection is asked for: an endpoint or a client. */
    public boolean turnsIntrospectionOn() {
        return introspectionUri != null || clientId != null;
    }
}
