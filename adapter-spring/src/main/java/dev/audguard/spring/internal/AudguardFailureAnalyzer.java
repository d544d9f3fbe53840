package dev.audguard.spring.internal;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Reports an {@link AudguardConfigurationException} at start-up the way Spring Boot reports its
 * own configuration mistakes: a description and an action instead of a stack trace. Also reports
 * Spring's own refusal of unknown keys under an {@code audguard.*} list element (Spring binds list
 * elements strictly) in audguard's words, naming the nearest known key. Registered in
 * {@code META-INF/spring.factories}, ahead of Spring Boot's analyzers. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class AudguardFailureAnalyzer implements FailureAnalyzer, Ordered {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AudguardConfigurationException cause) {
                return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnboundConfigurationPropertiesException unbound && unbound.getUnboundProperties().stream()
                    .allMatch(p -> p.getName().toString().startsWith("audguard."))) {
                AudguardConfigurationException cause = PropertyCheck.unknown(unbound.getUnboundProperties(), unbound);
                return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
