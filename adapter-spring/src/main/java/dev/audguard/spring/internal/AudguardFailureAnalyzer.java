package dev.audguard.spring.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link AudguardConfigurationException} at start-up the way Spring Boot reports its
 * own configuration mistakes: a description and an action instead of a stack trace. Registered in
 * {@code META-INF/spring.factories}. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class AudguardFailureAnalyzer extends AbstractFailureAnalyzer<AudguardConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AudguardConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
