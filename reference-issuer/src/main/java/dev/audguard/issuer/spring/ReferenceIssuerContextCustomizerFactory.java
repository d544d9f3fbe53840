package dev.audguard.issuer.spring;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.List;

/**
 * Turns {@link WithReferenceIssuer} into a {@link ContextCustomizer}; registered in
 * {@code META-INF/spring.factories}. Stateless; thread-safe.
 */
public final class ReferenceIssuerContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        WithReferenceIssuer annotation = AnnotatedElementUtils.findMergedAnnotation(testClass, WithReferenceIssuer.class);
        return annotation == null ? null : new Customizer(List.of(annotation.realmFiles()), annotation.realm(),
                List.of(annotation.audience()));
    }

    /** Equal attributes, equal customizer: Spring's context cache then shares the context and its issuer. */
    private record Customizer(List<String> realmFiles, String realm, List<String> audience) implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
            ReferenceIssuerProperties.start(context, ReferenceIssuerInitializer.realms(realmFiles), realm, audience);
        }
    }
}
