package dev.audguard.spring.client;

import dev.audguard.spring.AudguardAutoConfiguration;
import dev.audguard.spring.AudguardProperties;
import dev.audguard.spring.server.AudguardAuthenticationEntryPoint;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.ExchangeListener;
import dev.audguard.exchange.SharedTokenCache;
import dev.audguard.exchange.SubjectTokenSource;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.spring.internal.AudguardConfigurationException;
import dev.audguard.spring.internal.ExchangeFailureResolver;
import dev.audguard.spring.internal.ExchangeListeners;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeFunctions;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spring Boot auto-configuration of the exchanging client, on when
 * {@code audguard.exchange.client-id} is set: a {@link TokenExchangeClient} and a
 * {@link DownstreamAuthorizer} for {@code audguard.exchange.targets}, the
 * {@link SecurityContextSubjectTokenSource}, an {@link ExchangingClientHttpRequestInterceptor}
 * for {@code RestClient} and, when WebFlux's {@code WebClient} is on the classpath, an
 * {@link ExchangingExchangeFilterFunction} (in a WebFlux application reading the subject token
 * from the Reactor context through {@link ReactiveSecurityContextSubjectTokenSource}); in a Spring MVC application a failed exchange in a
 * controller answers 401, 502 or 503 (the {@code TokenExchangeException}'s category) instead of
 * 500. Neither client integration is added to every client: a client built with
 * one refuses URLs of no target, so add it to the clients that call the targets.
 *
 * <p>Start-up fails without a secret or key, with both, or without targets.
 */
@AutoConfiguration(after = AudguardAutoConfiguration.class)
@ConditionalOnClass(TokenExchangeClient.class)
@ConditionalOnProperty(prefix = "audguard.exchange", name = "client-id")
public final class AudguardExchangeAutoConfiguration {

    /**
     * The shared exchange cache of audguard.exchange.shared-cache.redis.*, so that a fleet exchanges once
     * per user and target rather than once per instance; closed with the context.
     */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(name = "dev.audguard.redis.RedisExchangeCache")
    static class RedisExchangeCacheConfiguration {
        @Bean
        @ConditionalOnMissingBean(SharedTokenCache.class)
        @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(prefix = dev.audguard.spring.internal.RedisStores.CACHE, name = "uri")
        dev.audguard.redis.RedisExchangeCache audguardRedisExchangeCache(AudguardProperties properties) {
            return dev.audguard.spring.internal.RedisStores.exchangeCache(properties.getExchange().getSharedCache().getRedis());
        }
    }


    @Bean
    @ConditionalOnMissingBean
    TokenExchangeClient audguardTokenExchangeClient(AudguardProperties properties, ObjectProvider<TokenValidator> validator,
                                                    ObjectProvider<ExchangeListener> listeners,
                                                    ObjectProvider<SharedTokenCache> sharedCache) {
        AudguardProperties.Exchange exchange = properties.getExchange();
        TokenExchangeClient.Builder builder = TokenExchangeClient.builder();
        try {
            if (exchange.getTokenEndpoint() != null) {
                builder.tokenEndpoint(exchange.getTokenEndpoint());
            } else {
                builder.issuer(issuer(exchange, validator.getIfAvailable()));
            }
            boolean secret = exchange.getClientSecret() != null && !exchange.getClientSecret().isEmpty();
            boolean key = exchange.getPrivateKeyJwk() != null && !exchange.getPrivateKeyJwk().isEmpty();
            if (secret == key) {
                throw new AudguardConfigurationException("audguard: the exchanging client " + exchange.getClientId()
                        + (secret ? " has both a client secret and a private key." : " has no credentials."),
                        "Set exactly one of audguard.exchange.client-secret and audguard.exchange.private-key-jwk.");
            }
            if (key) {
                builder.privateKeyJwt(exchange.getClientId(), exchange.getPrivateKeyJwk());
            } else if (exchange.isClientSecretPost()) {
                builder.clientSecretPost(exchange.getClientId(), exchange.getClientSecret());
            } else {
                builder.clientSecret(exchange.getClientId(), exchange.getClientSecret());
            }
            if (exchange.isAllowInsecureHttp()) {
                builder.allowInsecureHttp();
            }
            List<ExchangeListener> all = listeners.orderedStream().toList();
            if (!all.isEmpty()) {
                builder.listener(ExchangeListeners.of(all));
            }
            String dpopKey = exchange.getDpopPrivateKeyJwk();
            if (dpopKey != null && !dpopKey.isEmpty()) {
                builder.dpop(dpopSigner(dpopKey));
            }
            SharedTokenCache shared = sharedCache.getIfAvailable();
            if (shared != null) {
                // Redis down means exchanging as if the cache were empty, never refusing
                builder.sharedCache(shared);
            }
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e instanceof AudguardConfigurationException configuration) {
                throw configuration;
            }
            // token-exchange-client's messages name the option, never the secret or key
            throw new AudguardConfigurationException("audguard: the exchanging client cannot be built: " + e.getMessage(),
                    "Correct the audguard.exchange.* properties.", e);
        }
    }

    /** The DPoP key of audguard.exchange.dpop-private-key-jwk; the failure names the property, never the key. */
    static DpopProofSigner dpopSigner(String privateJwk) {
        try {
            return DpopProofSigner.builder().privateJwk(privateJwk).build();
        } catch (IllegalArgumentException e) {
            // sdk-core's wording never quotes the key
            throw new AudguardConfigurationException("audguard: audguard.exchange.dpop-private-key-jwk cannot be used: "
                    + e.getMessage() + ".", "Set audguard.exchange.dpop-private-key-jwk to the client's private EC (P-256/384/521) "
                    + "or RSA (2048+ bits) JWK, e.g. from an environment variable; exchanged tokens are then bound to it (cnf.jkt) "
                    + "and every downstream call carries a proof.", e);
        }
    }

    private static String issuer(AudguardProperties.Exchange exchange, TokenValidator validator) {
        if (exchange.getIssuer() != null) {
            return exchange.getIssuer();
        }
        Set<String> trusted = validator == null ? Set.of() : validator.issuers();
        if (trusted.size() != 1) {
            throw new AudguardConfigurationException("audguard: the exchanging client cannot tell which issuer to exchange at"
                    + (trusted.isEmpty() ? "." : ": this service trusts " + trusted.size() + " issuers."),
                    "Set audguard.exchange.issuer (or audguard.exchange.token-endpoint).");
        }
        return trusted.iterator().next();
    }

    @Bean
    @ConditionalOnMissingBean
    DownstreamAuthorizer audguardDownstreamAuthorizer(TokenExchangeClient client, AudguardProperties properties) {
        Map<String, AudguardProperties.Target> targets = properties.getExchange().getTargets();
        if (targets.isEmpty()) {
            throw new AudguardConfigurationException("audguard: the exchanging client has no targets.",
                    "Add audguard.exchange.targets.NAME.base-url and .audience for each service this one calls.");
        }
        DownstreamAuthorizer.Builder builder = DownstreamAuthorizer.builder(client);
        targets.forEach((name, target) -> {
            String property = "audguard.exchange.targets." + name;
            if (target.getBaseUrl() == null) {
                throw new AudguardConfigurationException("audguard: " + property + ".base-url is missing.",
                        "Set " + property + ".base-url to the URL the target's API lives under.");
            }
            try {
                builder.target(name, target.getBaseUrl(), t -> {
                    if (!target.getAudience().isEmpty()) {
                        t.audience(target.getAudience().toArray(String[]::new));
                    }
                    if (!target.getResource().isEmpty()) {
                        t.resource(target.getResource().toArray(String[]::new));
                    }
                    if (!target.getScope().isEmpty()) {
                        t.scope(target.getScope().toArray(String[]::new));
                    }
                    if (properties.getExchange().isAllowInsecureHttp()) {
                        t.allowInsecureHttp();
                    }
                });
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new AudguardConfigurationException("audguard: " + property + ": " + e.getMessage(), "Correct " + property + ".", e);
            }
        });
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    SubjectTokenSource audguardSubjectTokenSource() {
        return new SecurityContextSubjectTokenSource();
    }

    @Bean
    @ConditionalOnMissingBean
    ExchangingClientHttpRequestInterceptor exchangingClientHttpRequestInterceptor(DownstreamAuthorizer downstream,
                                                                                  SubjectTokenSource subjects,
                                                                                  ApplicationContext context) {
        if (ClassUtils.isPresent(BOOT_HTTP_CLIENT, context.getClassLoader())) {
            return new ExchangingClientHttpRequestInterceptor(downstream, subjects, BootTransports.requestFactory(context));
        }
        return new ExchangingClientHttpRequestInterceptor(downstream, subjects);
    }

    private static final String BOOT_HTTP_CLIENT = "org.springframework.boot.http.client.HttpClientSettings";

    /**
     * The exchanging clients' transports from Boot's HTTP client beans (timeouts, SSL bundles,
     * the detected client library), with redirects never followed: Boot's default follows them,
     * and a redirect would carry the exchanged token to wherever the {@code Location} points.
     * Loaded only when spring-boot-http-client is present.
     */
    static final class BootTransports {
        private BootTransports() {
        }

        static ClientHttpRequestFactory requestFactory(ApplicationContext context) {
            ClientHttpRequestFactoryBuilder<?> builder = context.getBeanProvider(ClientHttpRequestFactoryBuilder.class)
                    .getIfAvailable(ClientHttpRequestFactoryBuilder::detect);
            return builder.build(settings(context));
        }

        static HttpClientSettings settings(ApplicationContext context) {
            return context.getBeanProvider(HttpClientSettings.class).getIfAvailable(HttpClientSettings::defaults)
                    .withRedirects(HttpRedirects.DONT_FOLLOW);
        }
    }

    /** As {@link BootTransports}, for {@code WebClient}: loaded only with WebFlux and Boot's codecs present. */
    static final class BootReactiveTransports {
        private BootReactiveTransports() {
        }

        static ExchangeFunction exchangeFunction(ApplicationContext context) {
            ClientHttpConnectorBuilder<?> builder = context.getBeanProvider(ClientHttpConnectorBuilder.class)
                    .getIfAvailable(ClientHttpConnectorBuilder::detect);
            ExchangeStrategies strategies = ExchangeStrategies.builder()
                    .codecs(codecs -> context.getBeanProvider(CodecCustomizer.class).orderedStream()
                            .forEach(customizer -> customizer.customize(codecs)))
                    .build();
            return ExchangeFunctions.create(builder.build(BootTransports.settings(context)), strategies);
        }
    }

    /** Answers a failed exchange in a Spring MVC controller with 401, 502 or 503 instead of a 500. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(HandlerExceptionResolver.class)
    static class ServletAnswers {
        @Bean
        ExchangeFailureResolver audguardExchangeFailureResolver(ObjectProvider<AudguardAuthenticationEntryPoint> entryPoint) {
            return new ExchangeFailureResolver(entryPoint);
        }
    }

    /**
     * The {@code WebClient} filter, when WebFlux is present: in a reactive web application it reads
     * the subject token from the Reactor context ({@link ReactiveSubjectTokenSource}), otherwise from
     * the {@link SubjectTokenSource}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebClient.class)
    static class Reactive {
        @Bean
        @ConditionalOnMissingBean
        ExchangingExchangeFilterFunction exchangingExchangeFilterFunction(DownstreamAuthorizer downstream,
                                                                          SubjectTokenSource subjects,
                                                                          ObjectProvider<ReactiveSubjectTokenSource> reactive,
                                                                          ApplicationContext context) {
            ReactiveSubjectTokenSource reactiveSubjects = reactive.getIfAvailable();
            if (ClassUtils.isPresent(BOOT_HTTP_CLIENT, context.getClassLoader())
                    && ClassUtils.isPresent("org.springframework.boot.http.codec.CodecCustomizer", context.getClassLoader())) {
                ExchangeFunction transport = BootReactiveTransports.exchangeFunction(context);
                return reactiveSubjects != null ? new ExchangingExchangeFilterFunction(downstream, reactiveSubjects, transport)
                        : new ExchangingExchangeFilterFunction(downstream, subjects, transport);
            }
            return reactiveSubjects != null ? new ExchangingExchangeFilterFunction(downstream, reactiveSubjects)
                    : new ExchangingExchangeFilterFunction(downstream, subjects);
        }
    }

    /** In a WebFlux application the subject token is the one in the Reactor context, never a thread's. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass({WebClient.class, ReactiveSecurityContextHolder.class})
    static class ReactiveSubjects {
        @Bean
        @ConditionalOnMissingBean
        ReactiveSubjectTokenSource audguardReactiveSubjectTokenSource() {
            return new ReactiveSecurityContextSubjectTokenSource();
        }
    }
}
