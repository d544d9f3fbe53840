package dev.audguard.spring.reactive;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;

import java.util.Objects;

/**
 * Applies audguard to a {@code SecurityWebFilterChain} of your own:
 * {@code http.oauth2ResourceServer(resourceServer.oauth2ResourceServer())} gets the per-path authentication, the
 * converter, entry point and access-denied handler, so the chain answers as audguard's default one.
 * Use it together with {@link #exceptionHandling} so that authorization refusals answer the same.
 *
 * <p>Immutable and thread-safe.
 */
public final class AudguardReactiveResourceServer {
    private final AudguardReactiveAuthenticationManagerResolver resolver;
    private final AudguardServerAuthenticationConverter converter;
    private final AudguardServerAuthenticationEntryPoint entryPoint;
    private final AudguardServerAccessDeniedHandler accessDeniedHandler;

    /** The parts the auto-configuration provides. */
    public AudguardReactiveResourceServer(AudguardReactiveAuthenticationManagerResolver resolver,
                                          AudguardServerAuthenticationConverter converter,
                                          AudguardServerAuthenticationEntryPoint entryPoint,
                                          AudguardServerAccessDeniedHandler accessDeniedHandler) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint");
        this.accessDeniedHandler = Objects.requireNonNull(accessDeniedHandler, "accessDeniedHandler");
    }

    /**
     * For {@code http.oauth2ResourceServer(..)}. Deliberately not a {@code Customizer} bean: Spring
     * Security applies those to every {@code ServerHttpSecurity}, including Boot's own chain.
     */
    public Customizer<ServerHttpSecurity.OAuth2ResourceServerSpec> oauth2ResourceServer() {
        return spec -> spec.authenticationManagerResolver(resolver)
                .bearerTokenConverter(converter)
                .authenticationEntryPoint(entryPoint)
                .accessDeniedHandler(accessDeniedHandler);
    }

    /** For {@code http.exceptionHandling(..)}: audguard's entry point and access-denied handler. */
    public Customizer<ServerHttpSecurity.ExceptionHandlingSpec> exceptionHandling() {
        return spec -> spec.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDeniedHandler);
    }

    @Override
    public String toString() {
        return "AudguardReactiveResourceServer";
    }
}
