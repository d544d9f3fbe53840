package dev.audguard.spring;

import dev.audguard.core.TokenValidator;

/**
 * Adjusts the auto-configured {@link TokenValidator} before it is built, for what properties
 * cannot say: a {@link java.time.Clock}, required claims, authorized parties.
 *
 * <pre>{@code
 * @Bean
 * TokenValidatorCustomizer onlyFromWebFrontend() {
 *     return builder -> builder.authorizedParties("web-frontend");
 * }
 * }</pre>
 *
 * <p>Runs after the properties are applied; an option the properties already set cannot be set
 * again (sdk-core's builders take each option once), and the listener is set by audguard from
 * the {@link dev.audguard.core.ValidationListener} beans: declare listeners as beans instead.
 * Implementations must be thread-safe; they run once, at start-up.
 */
@FunctionalInterface
public interface TokenValidatorCustomizer {

    /** Adjusts {@code builder}. */
    void customize(TokenValidator.Builder builder);
}
