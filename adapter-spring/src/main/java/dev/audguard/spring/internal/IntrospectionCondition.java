package dev.audguard.spring.internal;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when introspection is asked for: {@code audguard.introspection.client-id} or
 * {@code .endpoint}, or Spring's {@code spring.security.oauth2.resourceserver.opaquetoken.client-id}
 * or {@code .introspection-uri}. The endpoint alone no longer turns it on, since it can be
 * discovered. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class IntrospectionCondition implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        Binder binder = Binder.get(environment);
        return binder.bind("audguard.introspection.client-id", String.class).isBound()
                || binder.bind("audguard.introspection.endpoint", String.class).isBound()
                || SpringOpaqueTokenProperties.from(environment).turnsIntrospectionOn();
    }
}
