package dev.audguard.spring.internal;

import dev.audguard.core.binding.SenderConstraints;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when sender constraints are configured: a {@link SenderConstraints} bean of the
 * application, or the {@code audguard.dpop.*} / {@code audguard.mtls.*} properties audguard builds
 * one from ({@link SenderConstraintsProperties#configured}). Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class SenderConstraintsCondition implements ConfigurationCondition {
    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        return beans != null && beans.getBeanNamesForType(SenderConstraints.class, true, false).length > 0
                || SenderConstraintsProperties.configured(context.getEnvironment());
    }
}
