package dev.audguard.spring.internal;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code audguard.dpop.*} or {@code audguard.mtls.*} ask for sender constraints. Not API. */
public final class SenderConstraintsPropertiesCondition implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return SenderConstraintsProperties.configured(context.getEnvironment());
    }
}
