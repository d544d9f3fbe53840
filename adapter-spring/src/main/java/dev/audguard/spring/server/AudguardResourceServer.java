package dev.audguard.spring.server;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything audguard sets on Spring Security's resource server, as one customizer for your own
 * {@code SecurityFilterChain}: the {@link AudguardJwtDecoder}, the authentication converter
 * (principal claim, {@link KeycloakAuthoritiesConverter}), the strict
 * {@link AudguardBearerTokenResolver}, the {@link AudguardAuthenticationEntryPoint} and
 * {@link AudguardAccessDeniedHandler}, and RFC 9728 metadata ({@code authorization_servers} from
 * the trusted issuers) served by Spring Security's own metadata filter.
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain api(HttpSecurity http, AudguardResourceServer audguard) {
 *     http.authorizeHttpRequests(a -> a.requestMatchers("/actuator/health").permitAll().anyRequest().authenticated())
 *         .oauth2ResourceServer(audguard);
 *     return http.build();
 * }
 * }</pre>
 *
 * <p>A chain written with only {@code oauth2ResourceServer(o -> o.jwt(withDefaults()))} gets the
 * same policy and answers: this customizer is a bean, and Spring Security 7 applies
 * {@code Customizer<OAuth2ResourceServerConfigurer<HttpSecurity>>} beans to every
 * {@code HttpSecurity}, so the audience is enforced and refusals, {@code 503}s and role failures
 * are answered as here. For the same reason it configures {@code jwt(..)} and not an
 * {@code AuthenticationManagerResolver}, which Spring Security refuses next to a chain's own
 * {@code jwt(..)}. This customizer says so explicitly and
 * does not depend on those beans being the only ones of their type. Anything set after it on the
 * same configurer (e.g. {@code o.jwt(j -> j.jwtAuthenticationConverter(..))}) wins.
 *
 * <p>Immutable and thread-safe.
 */
public final class AudguardResourceServer implements Customizer<OAuth2ResourceServerConfigurer<HttpSecurity>> {
    private final JwtDecoder decoder;
    private final JwtAuthenticationConverter converter;
    private final BearerTokenResolver resolver;
    private final AudguardAuthenticationEntryPoint entryPoint;
    private final AudguardAccessDeniedHandler accessDeniedHandler;
    private final Consumer<OAuth2ProtectedResourceMetadata.Builder> metadata;
    private final AudguardRequestAuthentication requestAuthentication;

    /**
     * @param decoder             checks tokens
     * @param converter           turns a {@link org.springframework.security.oauth2.jwt.Jwt} into the authentication
     * @param resolver            reads the token from the request
     * @param entryPoint          answers refusals
     * @param accessDeniedHandler answers authorization refusals of authenticated requests
     * @param metadata            completes the RFC 9728 document
     */
    public AudguardResourceServer(JwtDecoder decoder, JwtAuthenticationConverter converter, BearerTokenResolver resolver,
                                  AudguardAuthenticationEntryPoint entryPoint, AudguardAccessDeniedHandler accessDeniedHandler,
                                  Consumer<OAuth2ProtectedResourceMetadata.Builder> metadata) {
        this(decoder, converter, resolver, entryPoint, accessDeniedHandler, metadata, null);
    }

    /**
     * As {@link #AudguardResourceServer(JwtDecoder, JwtAuthenticationConverter, BearerTokenResolver,
     * AudguardAuthenticationEntryPoint, AudguardAccessDeniedHandler, Consumer)}, authenticating every
     * request through {@code requestAuthentication} (sender-constrained tokens: DPoP, certificate-bound)
     * instead of {@code decoder} and {@code resolver}, when it is not {@code null}. The metadata then
     * also carries the sender binding's fields ({@code dpop_signing_alg_values_supported},
     * {@code dpop_bound_access_tokens_required}, {@code tls_client_certificate_bound_access_tokens}).
     */
    public AudguardResourceServer(JwtDecoder decoder, JwtAuthenticationConverter converter, BearerTokenResolver resolver,
                                  AudguardAuthenticationEntryPoint entryPoint, AudguardAccessDeniedHandler accessDeniedHandler,
                                  Consumer<OAuth2ProtectedResourceMetadata.Builder> metadata,
                                  AudguardRequestAuthentication requestAuthentication) {
        this.requestAuthentication = requestAuthentication;
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint");
        this.accessDeniedHandler = Objects.requireNonNull(accessDeniedHandler, "accessDeniedHandler");
        Objects.requireNonNull(metadata, "metadata");
        if (requestAuthentication == null) {
            this.metadata = metadata;
        } else {
            Map<String, Object> fields = requestAuthentication.metadataFields();
            this.metadata = metadata.andThen(builder -> fields.forEach(builder::claim));
        }
    }

    /**
     * RFC 9728 metadata naming {@code issuers} as {@code authorization_servers} and
     * {@code scopes} as {@code scopes_supported}; tokens in the header only, no certificate
     * binding. {@code resource} and {@code resourceName} may be null: the resource identifier is
     * then derived from the request, as Spring Security does.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9728#section-2">RFC 9728 section 2</a>
     */
    public static Consumer<OAuth2ProtectedResourceMetadata.Builder> metadata(URI resource, String resourceName,
                                                                              List<String> issuers, List<String> scopes) {
        List<String> servers = List.copyOf(issuers);
        List<String> supported = List.copyOf(scopes);
        return builder -> {
            if (resource != null) {
                builder.resource(resource.toString());
            }
            if (resourceName != null) {
                builder.resourceName(resourceName);
            }
            builder.authorizationServers(list -> {
                list.clear();
                list.addAll(servers);
            });
            if (!supported.isEmpty()) {
                builder.scopes(list -> {
                    list.clear();
                    list.addAll(supported);
                });
            }
            builder.bearerMethods(list -> {
                list.clear();
                list.add("header");
            });
            builder.tlsClientCertificateBoundAccessTokens(false);
        };
    }

    @Override
    public void customize(OAuth2ResourceServerConfigurer<HttpSecurity> resourceServer) {
        if (requestAuthentication != null) {
            // the request itself reaches the front door: jwt(..) keeps a chain's own o.jwt(withDefaults()) working
            resourceServer.authenticationConverter(requestAuthentication.converter())
                    .authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(accessDeniedHandler)
                    .jwt(jwt -> jwt.authenticationManager(requestAuthentication.manager()))
                    .protectedResourceMetadata(m -> m.protectedResourceMetadataCustomizer(metadata));
            return;
        }
        resourceServer.bearerTokenResolver(resolver)
                .authenticationEntryPoint(entryPoint)
                .accessDeniedHandler(accessDeniedHandler)
                .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(converter))
                .protectedResourceMetadata(m -> m.protectedResourceMetadataCustomizer(metadata));
    }

    /** The entry point set on the resource server. */
    public AudguardAuthenticationEntryPoint entryPoint() {
        return entryPoint;
    }

    @Override
    public String toString() {
        return "AudguardResourceServer{" + decoder + '}';
    }
}
