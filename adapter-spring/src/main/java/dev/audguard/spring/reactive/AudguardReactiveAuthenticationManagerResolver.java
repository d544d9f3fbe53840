package dev.audguard.spring.reactive;

import dev.audguard.core.AccessRule;
import dev.audguard.core.HttpAnswer;
import dev.audguard.core.Outcome;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.Reason;
import dev.audguard.core.Refusal;
import dev.audguard.spring.internal.PendingRequest;
import dev.audguard.spring.server.VerifiedJwt;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Objects;

/**
 * Picks, per request, the authentication of the most specific {@link ReactivePathRules} rule
 * and runs the front door ({@link ProtectedResource#authenticate}) under it. Validation may wait
 * for the issuer's keys (a cold start, a JWKS outage), so it runs on
 * {@link Schedulers#boundedElastic()}, never on an event-loop thread; concurrent cold-start
 * requests share sdk-core's single key fetch. An accepted token becomes the application's
 * {@code Jwt} authentication (a {@link VerifiedJwt} through the configured converter); a refusal
 * fails authentication with the front door's answer.
 *
 * <p>Immutable and thread-safe.
 */
public final class AudguardReactiveAuthenticationManagerResolver implements ReactiveAuthenticationManagerResolver<ServerWebExchange> {
    private final ProtectedResource resource;
    private final ReactivePathRules rules;
    private final Converter<Jwt, AbstractAuthenticationToken> converter;
    private final Scheduler scheduler;

    /** Authenticates under {@code rules} with {@code resource}; {@code converter} makes the authentication. */
    public AudguardReactiveAuthenticationManagerResolver(ProtectedResource resource, ReactivePathRules rules,
                                                         Converter<Jwt, AbstractAuthenticationToken> converter) {
        this(resource, rules, converter, Schedulers.boundedElastic());
    }

    AudguardReactiveAuthenticationManagerResolver(ProtectedResource resource, ReactivePathRules rules,
                                                  Converter<Jwt, AbstractAuthenticationToken> converter, Scheduler scheduler) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public Mono<ReactiveAuthenticationManager> resolve(ServerWebExchange exchange) {
        AccessRule rule = rules.ruleFor(exchange.getRequest().getPath().pathWithinApplication());
        return Mono.just(authentication -> authenticate(exchange, rule, authentication));
    }

    private Mono<Authentication> authenticate(ServerWebExchange exchange, AccessRule rule, Authentication authentication) {
        if (!(authentication instanceof PendingRequest pending)) {
            return Mono.error(new BadCredentialsException("Request refused: not an audguard request"));
        }
        return Mono.fromCallable(() -> resource.authenticate(pending.request(), rule))
                .subscribeOn(scheduler)
                .flatMap(outcome -> toAuthentication(exchange, outcome));
    }

    private Mono<Authentication> toAuthentication(ServerWebExchange exchange, Outcome outcome) {
        if (outcome instanceof Outcome.Refused refused) {
            return Mono.error(new RefusedAuthenticationException(refused.refusal().code(), refused.answer()));
        }
        if (outcome instanceof Outcome.Accepted accepted) {
            for (HttpAnswer.Header header : accepted.responseHeaders()) {
                exchange.getResponse().getHeaders().add(header.name(), header.value());
            }
            VerifiedJwt jwt;
            try {
                jwt = VerifiedJwt.of(accepted.token(), resource.principalClaim());
            } catch (IllegalArgumentException notRepresentable) {
                // Spring's Jwt requires exp after iat; such a token is not one we can hand on
                return Mono.error(new RefusedAuthenticationException(Reason.INVALID_CLAIM.code(),
                        resource.answer(Refusal.of(Reason.INVALID_CLAIM))));
            }
            AbstractAuthenticationToken converted = converter.convert(jwt);
            return Mono.justOrEmpty(converted);
        }
        return Mono.just(new AnonymousAuthenticationToken("audguard", "anonymousUser",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
    }

    @Override
    public String toString() {
        return "AudguardReactiveAuthenticationManagerResolver{" + rules + '}';
    }
}
