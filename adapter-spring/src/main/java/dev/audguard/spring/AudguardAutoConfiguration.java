package dev.audguard.spring;

import dev.audguard.spring.server.AudguardAccessDeniedHandler;
import dev.audguard.spring.server.AudguardAuthenticationEntryPoint;
import dev.audguard.spring.server.AudguardBearerTokenResolver;
import dev.audguard.spring.server.AudguardJwtDecoder;
import dev.audguard.spring.server.AudguardRequestAuthentication;
import dev.audguard.spring.server.AudguardResourceServer;
import dev.audguard.spring.server.KeycloakAuthoritiesConverter;
import dev.audguard.spring.server.PathRules;
import dev.audguard.spring.server.VerifiedJwt;
import dev.audguard.core.KeycloakAdapterConfig;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenIntrospector;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.ValidationListener;
import dev.audguard.core.binding.BindingListener;
import dev.audguard.core.binding.ReplayStore;
import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.spring.internal.AudguardConfigurationException;
import dev.audguard.spring.internal.DecoderGuard;
import dev.audguard.spring.internal.FrontDoors;
import dev.audguard.spring.internal.PropertyCheck;
import dev.audguard.spring.internal.UncheckedJwtPrincipal;
import dev.audguard.spring.internal.QueryTokenFilter;
import dev.audguard.spring.internal.SenderConstraintsCondition;
import dev.audguard.spring.internal.SenderConstraintsProperties;
import dev.audguard.spring.internal.SenderConstraintsPropertiesCondition;
import dev.audguard.spring.internal.UntrustedCertificateHeaderFilter;
import dev.audguard.spring.internal.SpringJwtProperties;
import dev.audguard.spring.internal.ValidationListeners;
import dev.audguard.spring.internal.IntrospectionCondition;
import dev.audguard.spring.internal.SpringOpaqueTokenProperties;
import dev.audguard.spring.internal.ValidatorSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.Map;

/**
 * Spring Boot auto-configuration of the resource server: sdk-core's {@link TokenValidator} from
 * the properties ({@link AudguardProperties} and Spring's
 * {@code spring.security.oauth2.resourceserver.jwt.*}) behind a {@link JwtDecoder}, so everything
 * built on Spring Security's {@code oauth2ResourceServer().jwt()} keeps working with audiences
 * enforced fail-closed.
 *
 * <p>Runs before Spring Boot's {@code OAuth2ResourceServerAutoConfiguration}, whose
 * {@code JwtDecoder} and {@code JwtAuthenticationConverter} are {@code @ConditionalOnMissingBean}
 * and so back off, and before Boot's web-security auto-configurations, whose default filter chain
 * gives way to audguard's ({@link AudguardResourceServer} applied, stateless, every request
 * authenticated except {@code audguard.default-chain.permit-all}) when the application defines no
 * {@code SecurityFilterChain}. Each bean backs off when the application declares its own, except
 * the {@code JwtDecoder}: a decoder bean of the application that is not an
 * {@link AudguardJwtDecoder} (such as {@code JwtDecoders.fromIssuerLocation(..)}) fails the start,
 * because every token would be checked without audguard's rules. Build it with
 * {@link AudguardJwtDecoder#builder} instead (extra Spring validators go into
 * {@link AudguardJwtDecoder.Builder#jwtValidator}), or keep it with the explicit opt-out
 * {@code audguard.allow-unchecked-jwt-decoder=true} (WARN at start-up); principals stay
 * {@code Jwt}s either way.
 *
 * <p>Start-up fails (reported by audguard's {@code FailureAnalyzer}, naming the property) without a
 * trusted issuer, without an audience unless {@code audguard.disable-audience-check=true}, with an
 * {@code audguard.*} key that is not a known property (the nearest known one is named), or with
 * a secret that still holds an unresolved {@code ${...}} placeholder.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
@ConditionalOnClass({JwtDecoder.class, JwtAuthenticationConverter.class, TokenValidator.class})
@EnableConfigurationProperties(AudguardProperties.class)
public final class AudguardAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ValidatorSettings audguardValidatorSettings(AudguardProperties properties, Environment environment) {
        PropertyCheck.check(environment, properties);
        return new ValidatorSettings(properties, SpringJwtProperties.from(environment), SpringOpaqueTokenProperties.from(environment));
    }

    @Bean
    @ConditionalOnMissingBean
    TokenValidator audguardTokenValidator(ValidatorSettings settings, ObjectProvider<ValidationListener> listeners,
                                          ObjectProvider<TokenValidatorCustomizer> customizers) {
        TokenValidator.Builder builder = settings.builder();
        List<ValidationListener> all = listeners.orderedStream().toList();
        if (!all.isEmpty()) {
            builder.listener(ValidationListeners.of(all));
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return ValidatorSettings.build(builder);
    }

    /**
     * The RFC 7662 introspector of {@code audguard.introspection.*} (or Spring's
     * {@code spring.security.oauth2.resourceserver.opaquetoken.*}), when a client or an endpoint is configured.
     */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(IntrospectionCondition.class)
    TokenIntrospector audguardTokenIntrospector(ValidatorSettings settings, TokenValidator validator) {
        return settings.introspector(validator).orElseThrow();
    }

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    AudguardJwtDecoder jwtDecoder(TokenValidator validator, ValidatorSettings settings, ObjectProvider<PathRules> rules,
                                  AudguardProperties properties, ObjectProvider<TokenIntrospector> introspector) {
        PathRules pathRules = rules.getIfAvailable(PathRules::none);
        AudguardJwtDecoder.Builder builder = decoder(validator, settings, properties, introspector);
        if (!pathRules.isEmpty()) {
            builder.requirements(pathRules);
        }
        return builder.build();
    }

    /** A decoder builder with what every decoder of the properties shares: principal, explanations, introspection. */
    static AudguardJwtDecoder.Builder decoder(TokenValidator validator, ValidatorSettings settings, AudguardProperties properties,
                                              ObjectProvider<TokenIntrospector> introspector) {
        AudguardJwtDecoder.Builder builder = AudguardJwtDecoder.builder(validator).principalClaim(settings.principalClaim());
        if (properties.isExplainRefusals()) {
            builder.explainRefusalsAtWarn();
        }
        TokenIntrospector configured = introspector.getIfAvailable();
        if (configured != null) {
            builder.introspection(configured, settings.introspectionMode());
        }
        return builder;
    }

    /**
     * The sender constraints of {@code audguard.dpop.*} / {@code audguard.mtls.*}, for the servlet and
     * the reactive front door alike. Beside a {@code SenderConstraints} bean of the application the
     * start fails rather than apply one of the two.
     */
    @Bean
    @Conditional(SenderConstraintsPropertiesCondition.class)
    SenderConstraints audguardSenderConstraints(AudguardProperties properties, org.springframework.beans.factory.ListableBeanFactory beans,
                                                ObjectProvider<ReplayStore> replayStore, ObjectProvider<BindingListener> listeners) {
        List<String> others = java.util.Arrays.stream(beans.getBeanNamesForType(SenderConstraints.class, true, false))
                .filter(name -> !name.equals("audguardSenderConstraints")).toList();
        if (!others.isEmpty()) {
            throw new AudguardConfigurationException("audguard: audguard.dpop.* or audguard.mtls.* is set and the application "
                    + "defines the SenderConstraints bean '" + others.get(0) + "', so one of the two would not be applied.",
                    "Configure sender constraints in one place: remove the audguard.dpop.* and audguard.mtls.* properties, "
                            + "or the bean.");
        }
        List<BindingListener> all = listeners.orderedStream().toList();
        BindingListener listener = all.isEmpty() ? null : all.size() == 1 ? all.get(0) : new BindingListener() {
            @Override
            public void accepted(String mechanism) {
                all.forEach(l -> l.accepted(mechanism));
            }

            @Override
            public void refused(dev.audguard.core.binding.BindingReason reason) {
                all.forEach(l -> l.refused(reason));
            }
        };
        return SenderConstraintsProperties.build(properties, replayStore.getIfAvailable(), listener);
    }

    /** The Redis replay store of audguard.dpop.replay-store.redis.*, shared by every instance; closed with the context. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.audguard.redis.RedisReplayStore")
    static class RedisReplayStoreConfiguration {
        @Bean
        @ConditionalOnMissingBean(ReplayStore.class)
        @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(prefix = SenderConstraintsProperties.REPLAY_STORE, name = "uri")
        dev.audguard.redis.RedisReplayStore audguardRedisReplayStore(AudguardProperties properties) {
            return dev.audguard.spring.internal.RedisStores.replayStore(properties.getDpop().getReplayStore().getRedis());
        }
    }

    @Bean
    @ConditionalOnMissingBean
    KeycloakAuthoritiesConverter keycloakAuthoritiesConverter(AudguardProperties properties, ValidatorSettings settings) {
        AudguardProperties.Authorities authorities = properties.getAuthorities();
        KeycloakAuthoritiesConverter.Builder builder = KeycloakAuthoritiesConverter.builder()
                .scopePrefix(authorities.getScopePrefix())
                .rolePrefix(authorities.getRolePrefix());
        if (!authorities.isScopes()) {
            builder.withoutScopes();
        }
        KeycloakAdapterConfig keycloak = settings.keycloak().orElse(null);
        boolean resourceRoles = keycloak != null && keycloak.useResourceRoleMappings() && keycloak.resource().isPresent();
        boolean realmRoles = authorities.getRealmRoles() != null ? authorities.getRealmRoles() : !resourceRoles;
        if (!realmRoles) {
            builder.withoutRealmRoles();
        }
        List<String> clients = authorities.getClientRoles();
        if (clients.isEmpty() && resourceRoles) {
            clients = List.of(keycloak.resource().get());
        }
        builder.clientRoles(clients.toArray(String[]::new));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    JwtAuthenticationConverter jwtAuthenticationConverter(KeycloakAuthoritiesConverter authorities, ValidatorSettings settings) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        String principalClaim = settings.principalClaim();
        // a Jwt of another decoder stays a Jwt principal: @AuthenticationPrincipal Jwt is never null
        converter.setJwtPrincipalConverter(jwt -> jwt instanceof VerifiedJwt verified ? verified
                : new UncheckedJwtPrincipal(jwt, principalClaim));
        return converter;
    }

    /** Fails the start when a JwtDecoder bean audguard did not build would check the tokens. */
    @Bean
    static DecoderGuard audguardDecoderGuard(org.springframework.beans.factory.ListableBeanFactory beans, Environment environment) {
        return new DecoderGuard(beans, environment.getProperty(DecoderGuard.OPT_OUT, Boolean.class, false));
    }

    /**
     * Refuses {@code audguard.paths} in a reactive application: its {@code ReactiveJwtDecoder}
     * cannot see the request, so the rules would be ignored and a token without a path's audience
     * or scopes accepted. The start fails instead, unless audguard's reactive resource server
     * ({@code dev.audguard.spring.reactive.AudguardReactiveAutoConfiguration}) applies the rules.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnMissingBean(type = "dev.audguard.spring.reactive.ReactivePathRules")
    static class ReactivePathRulesRefused {
        ReactivePathRulesRefused(AudguardProperties properties) {
            if (!properties.getPaths().isEmpty()) {
                throw new AudguardConfigurationException("audguard: audguard.paths is set, but this is a reactive (WebFlux) "
                        + "application, where audguard does not apply path rules yet: a token without a path's audiences "
                        + "or scopes would be accepted.",
                        "Remove audguard.paths and check those paths in your SecurityWebFilterChain "
                                + "(e.g. hasAuthority(\"SCOPE_...\")), or run the service as a servlet (Spring MVC) application.");
            }
        }
    }

    /**
     * In a reactive application, the same validation behind Spring's {@code ReactiveJwtDecoder}
     * (Boot's own backs off), so a WebFlux resource server does not fall back to a decoder without
     * audience check. Only the decoder: answers, per-path rules and metadata are servlet-only.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass({ReactiveJwtDecoder.class, Mono.class})
    static class ReactiveDecoder {
        @Bean
        @ConditionalOnMissingBean(ReactiveJwtDecoder.class)
        ReactiveJwtDecoder audguardReactiveJwtDecoder(TokenValidator validator, ValidatorSettings settings,
                                                      AudguardProperties properties, ObjectProvider<TokenIntrospector> introspector) {
            JwtDecoder decoder = decoder(validator, settings, properties, introspector).build();
            // a validation may wait for the issuer's keys: never on an event-loop thread
            return token -> Mono.fromCallable(() -> decoder.decode(token)).subscribeOn(Schedulers.boundedElastic());
        }
    }

    /** The servlet web parts: token resolver, answers, metadata, per-path rules, the default chain. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
    static class ServletResourceServer {

        @Bean
        @ConditionalOnMissingBean
        PathRules audguardPathRules(ValidatorSettings settings) {
            Map<String, Requirements> configured = settings.pathRules();
            AudguardConfigurationException.refuseTiedPathRules(List.copyOf(configured.keySet()));
            PathRules.Builder builder = PathRules.builder();
            for (Map.Entry<String, Requirements> rule : configured.entrySet()) {
                builder.require(rule.getKey(), rule.getValue());
            }
            return builder.build();
        }

        /**
         * With sender constraints (a bean, or the audguard.dpop / mtls properties): the request-aware
         * authentication, the whole front door with the sender-binding step, instead of the token-only
         * decoder. One SenderConstraints bean, as in WebFlux: two would mean one silently not applied.
         */
        @Bean
        @ConditionalOnMissingBean
        @Conditional(SenderConstraintsCondition.class)
        AudguardRequestAuthentication audguardRequestAuthentication(TokenValidator validator, ValidatorSettings settings,
                                                                    AudguardProperties properties, PathRules rules,
                                                                    JwtAuthenticationConverter converter,
                                                                    ObjectProvider<TokenIntrospector> introspector,
                                                                    ObjectProvider<SenderConstraints> senderConstraints) {
            List<SenderConstraints> constraints = senderConstraints.orderedStream().toList();
            if (constraints.size() != 1) {
                throw new AudguardConfigurationException("audguard: " + constraints.size()
                        + " SenderConstraints beans are defined; audguard applies exactly one.",
                        "Define one SenderConstraints bean holding both DPoP and the certificate binding "
                                + "(SenderConstraints.builder().dpop(..).certificateBound().build()).");
            }
            ProtectedResource.Builder builder = FrontDoors.builder(validator, settings, properties, rules.scopes(),
                    introspector.getIfAvailable()).senderBinding(constraints.get(0).step());
            return new AudguardRequestAuthentication(builder.build(), constraints.get(0), rules, converter);
        }

        @Bean
        @ConditionalOnMissingBean(BearerTokenResolver.class)
        AudguardBearerTokenResolver audguardBearerTokenResolver() {
            return new AudguardBearerTokenResolver();
        }

        @Bean
        @ConditionalOnMissingBean
        AudguardAuthenticationEntryPoint audguardAuthenticationEntryPoint(AudguardProperties properties, TokenValidator validator,
                                                                          PathRules rules,
                                                                          ObjectProvider<AudguardRequestAuthentication> requests) {
            AudguardRequestAuthentication requestAuthentication = requests.getIfAvailable();
            return FrontDoors.entryPoint(validator, properties, rules.scopes(),
                    requestAuthentication != null ? requestAuthentication.resource() : null);
        }

        /**
         * Hides a trusted proxy's client-certificate header from the application when an untrusted peer
         * sent it (the binding step ignores it from them already). Without such a header it passes everything on.
         */
        @Bean
        @Conditional(SenderConstraintsCondition.class)
        UntrustedCertificateHeaderFilter audguardUntrustedCertificateHeaderFilter(ObjectProvider<SenderConstraints> senderConstraints) {
            return new UntrustedCertificateHeaderFilter(senderConstraints.orderedStream().findFirst()
                    .flatMap(SenderConstraints::clientCertificateHeader).orElse(null));
        }

        /** Keeps query-string tokens out of Spring Security's DEBUG log: they are refused before its chain runs. */
        @Bean
        QueryTokenFilter audguardQueryTokenFilter(AudguardAuthenticationEntryPoint entryPoint) {
            return new QueryTokenFilter(entryPoint, entryPoint.derivesFromRequest());
        }

        @Bean
        @ConditionalOnMissingBean
        AudguardAccessDeniedHandler audguardAccessDeniedHandler(AudguardAuthenticationEntryPoint entryPoint,
                                                                AudguardProperties properties) {
            return new AudguardAccessDeniedHandler(entryPoint, properties.getAuthorities().getScopePrefix());
        }

        @Bean
        @ConditionalOnMissingBean
        AudguardResourceServer audguardResourceServer(JwtDecoder decoder, JwtAuthenticationConverter converter,
                                                      BearerTokenResolver resolver, AudguardAuthenticationEntryPoint entryPoint,
                                                      AudguardAccessDeniedHandler accessDeniedHandler, AudguardProperties properties,
                                                      TokenValidator validator, PathRules rules,
                                                      ObjectProvider<AudguardRequestAuthentication> requests) {
            AudguardProperties.ResourceMetadata metadata = properties.getResourceMetadata();
            return new AudguardResourceServer(decoder, converter, resolver, entryPoint, accessDeniedHandler,
                    AudguardResourceServer.metadata(metadata.getResource(), metadata.getResourceName(),
                            List.copyOf(validator.issuers()), List.copyOf(rules.scopes())), requests.getIfAvailable());
        }

        @Bean
        @ConditionalOnDefaultWebSecurity
        SecurityFilterChain audguardSecurityFilterChain(HttpSecurity http, AudguardResourceServer resourceServer,
                                                        AudguardProperties properties) {
            List<String> permitAll = properties.getDefaultChain().getPermitAll();
            http.authorizeHttpRequests(requests -> {
                // the error page of a request refused before authentication (Spring Security's firewall,
                // Tomcat) shows that refusal (400) instead of turning it into a 401; it never holds protected data
                requests.dispatcherTypeMatchers(jakarta.servlet.DispatcherType.ERROR).permitAll();
                if (!permitAll.isEmpty()) {
                    requests.requestMatchers(permitAll.toArray(String[]::new)).permitAll();
                }
                requests.anyRequest().authenticated();
            });
            http.oauth2ResourceServer(resourceServer);
            // a bearer-token API keeps no session, so there is no cookie for CSRF to protect
            http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
            http.csrf(csrf -> csrf.disable());
            return http.build();
        }
    }
}
