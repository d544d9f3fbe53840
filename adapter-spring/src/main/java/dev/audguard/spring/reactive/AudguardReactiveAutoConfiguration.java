package dev.audguard.spring.reactive;

import dev.audguard.core.ProtectedResource;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenIntrospector;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.ValidationListener;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.spring.AudguardAutoConfiguration;
import dev.audguard.spring.AudguardProperties;
import dev.audguard.spring.internal.AudguardConfigurationException;
import dev.audguard.spring.internal.FrontDoors;
import dev.audguard.spring.internal.ValidationListeners;
import dev.audguard.spring.internal.ValidatorSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * Spring Boot auto-configuration of a reactive (WebFlux) resource server on sdk-core's front
 * door, on a par with the servlet side: {@code audguard.paths} rules (most specific wins), the
 * same answers (401/400/403/503 with {@code Retry-After}, JSON body, {@code resource_metadata}),
 * RFC 9728 metadata from a {@code WebFilter} when {@code audguard.resource-metadata.resource} is
 * set, query-string tokens refused with 400, and validation off the event loop. Without a
 * {@code SecurityWebFilterChain} of the application, audguard's is used: every exchange
 * authenticated except {@code audguard.default-chain.permit-all}, CSRF off (no session).
 * Sender-constrained tokens are checked when the application defines a
 * {@link SenderConstraints} bean (DPoP with its {@code DpopVerifier}'s external base URL,
 * certificate-bound tokens against the mutual-TLS client certificate); opaque tokens are
 * introspected when {@code audguard.introspection.*} is set. Both run on the front door, off the
 * event loop.
 * Runs before {@link AudguardAutoConfiguration}, whose refusal of {@code audguard.paths} in a
 * reactive application then backs off.
 */
@AutoConfiguration(before = AudguardAutoConfiguration.class, beforeName = {
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.reactive.ReactiveOAuth2ResourceServerWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ServerHttpSecurity.class, SecurityWebFilterChain.class, JwtAuthenticationConverter.class,
        TokenValidator.class, Mono.class})
public final class AudguardReactiveAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ReactivePathRules audguardReactivePathRules(ValidatorSettings settings) {
        Map<String, Requirements> configured = settings.pathRules();
        // refused here before ReactivePathRules.of does, so that the message names the properties
        AudguardConfigurationException.refuseTiedPathRules(List.copyOf(configured.keySet()));
        return ReactivePathRules.of(configured);
    }

    @Bean
    @ConditionalOnMissingBean
    ProtectedResource audguardReactiveResource(TokenValidator validator, ValidatorSettings settings, AudguardProperties properties,
                                               ReactivePathRules rules, ObjectProvider<ValidationListener> listeners,
                                               ObjectProvider<TokenIntrospector> introspector,
                                               ObjectProvider<SenderConstraints> senderConstraints) {
        ProtectedResource.Builder builder = FrontDoors.builder(validator, settings, properties, rules.scopes(), introspector.getIfAvailable());
        // DPoP / certificate-bound tokens: the application's SenderConstraints (its DpopVerifier holds
        // the external base URL htu is checked against); its proof checks and replay store run with the
        // rest of the front door, off the event loop
        List<SenderConstraints> constraints = senderConstraints.orderedStream().toList();
        if (constraints.size() > 1) {
            // two would mean one is silently not applied: refuse rather than guess
            throw new AudguardConfigurationException("audguard: " + constraints.size()
                    + " SenderConstraints beans are defined; the reactive front door applies exactly one.",
                    "Define one SenderConstraints bean holding both DPoP and the certificate binding "
                            + "(SenderConstraints.builder().dpop(..).certificateBound().build()).");
        }
        if (!constraints.isEmpty()) {
            builder.senderBinding(constraints.get(0).step());
        }
        List<ValidationListener> all = listeners.orderedStream().toList();
        if (!all.isEmpty()) {
            builder.listener(ValidationListeners.of(all));
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    AudguardServerAuthenticationEntryPoint audguardServerAuthenticationEntryPoint(ProtectedResource resource) {
        return new AudguardServerAuthenticationEntryPoint(resource);
    }

    @Bean
    @ConditionalOnMissingBean
    AudguardServerAccessDeniedHandler audguardServerAccessDeniedHandler(ProtectedResource resource, AudguardProperties properties) {
        return new AudguardServerAccessDeniedHandler(resource, properties.getAuthorities().getScopePrefix());
    }

    @Bean
    @ConditionalOnMissingBean
    AudguardServerAuthenticationConverter audguardServerAuthenticationConverter(ProtectedResource resource) {
        return new AudguardServerAuthenticationConverter(resource);
    }

    /*
     * The resolver is not a bean of its own: Spring Security's OAuth2ResourceServerSpec picks up any
     * ReactiveAuthenticationManagerResolver bean, which would break Boot's own jwt() chain.
     */
    @Bean
    @ConditionalOnMissingBean
    AudguardReactiveResourceServer audguardReactiveResourceServer(ProtectedResource resource, ReactivePathRules rules,
                                                                  JwtAuthenticationConverter jwtConverter,
                                                                  AudguardServerAuthenticationConverter converter,
                                                                  AudguardServerAuthenticationEntryPoint entryPoint,
                                                                  AudguardServerAccessDeniedHandler accessDeniedHandler) {
        return new AudguardReactiveResourceServer(new AudguardReactiveAuthenticationManagerResolver(resource, rules, jwtConverter),
                converter, entryPoint, accessDeniedHandler);
    }

    @Bean
    @ConditionalOnMissingBean
    AudguardResourceMetadataWebFilter audguardResourceMetadataWebFilter(ProtectedResource resource) {
        // without a configured resource there is no metadata to serve: the filter passes everything on
        return new AudguardResourceMetadataWebFilter(resource);
    }

    /*
     * authorizeExchange refusals of every chain (the application's own included) carry Spring's decision,
     * so that hasAuthority("SCOPE_x") answers 403 insufficient_scope naming x, as on the servlet side.
     * Primary: Spring Security applies only a unique or primary one, and this one applies the others.
     */
    @Bean
    @Primary
    @ConditionalOnMissingBean(name = "audguardAuthorizationResultPostProcessor")
    static ObjectPostProcessor<ReactiveAuthorizationManager<ServerWebExchange>> audguardAuthorizationResultPostProcessor(
            ObjectProvider<ObjectPostProcessor<ReactiveAuthorizationManager<ServerWebExchange>>> others) {
        return new AuthorizationResultPostProcessor(others);
    }

    /** A trusted proxy's certificate header from an untrusted peer never reaches the application. */
    @Bean
    @ConditionalOnMissingBean
    UntrustedCertificateHeaderWebFilter audguardUntrustedCertificateHeaderWebFilter(ObjectProvider<SenderConstraints> senderConstraints) {
        return new UntrustedCertificateHeaderWebFilter(senderConstraints.orderedStream().findFirst()
                .flatMap(SenderConstraints::clientCertificateHeader).orElse(null));
    }

    /** A failed token exchange in a handler answers 401/502/503, as on the servlet side. */
    @Bean
    @ConditionalOnMissingBean
    AudguardExchangeFailureWebExceptionHandler audguardExchangeFailureWebExceptionHandler(ProtectedResource resource) {
        return new AudguardExchangeFailureWebExceptionHandler(resource);
    }

    /*
     * Ordered before Boot's reactiveJwtSecurityFilterChain, which Boot creates in every reactive
     * application with a ReactiveJwtDecoder (its condition looks for a servlet chain only).
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 100)
    @ConditionalOnMissingBean(SecurityWebFilterChain.class)
    SecurityWebFilterChain audguardSecurityWebFilterChain(ServerHttpSecurity http, AudguardReactiveResourceServer resourceServer,
                                                          AudguardProperties properties) {
        List<String> permitAll = properties.getDefaultChain().getPermitAll();
        http.authorizeExchange(exchanges -> {
            if (!permitAll.isEmpty()) {
                exchanges.pathMatchers(permitAll.toArray(String[]::new)).permitAll();
            }
            exchanges.anyExchange().authenticated();
        });
        http.oauth2ResourceServer(resourceServer.oauth2ResourceServer());
        http.exceptionHandling(resourceServer.exceptionHandling());
        // a bearer-token API keeps no session, so there is no cookie for CSRF to protect
        http.csrf(ServerHttpSecurity.CsrfSpec::disable);
        http.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable);
        http.formLogin(ServerHttpSecurity.FormLoginSpec::disable);
        return http.build();
    }
}
