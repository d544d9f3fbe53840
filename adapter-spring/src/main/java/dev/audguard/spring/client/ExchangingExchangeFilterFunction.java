package dev.audguard.spring.client;

import dev.audguard.exchange.DownstreamAuthorization;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.SubjectTokenSource;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeFunctions;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code WebClient} counterpart of {@link ExchangingClientHttpRequestInterceptor}, same
 * rules: exchanged tokens only, URLs under no target refused, an existing {@code Authorization}
 * header refused, one resend after {@code 401 invalid_token}, and for a DPoP-bound exchanged token
 * a fresh {@code DPoP} proof of each request (with {@code ath}) and one resend with the target's
 * nonce after {@code 401 use_dpop_nonce} (RFC 9449 sections 7 and 9).
 *
 * <pre>{@code
 * WebClient serviceC = webClientBuilder.baseUrl("https://service-c.internal/api")
 *     .filter(exchangingFilter)
 *     .build();
 * }</pre>
 *
 * <p>The subject token is read when the request is subscribed to. Built with a
 * {@link SubjectTokenSource} (servlet applications), from it (the subscribing thread's security
 * context: subscribe on the request thread, e.g. with {@code block()} or by returning the
 * {@code Mono} from a Spring MVC controller) or else from the Reactor context Spring Security
 * fills for servlet applications. Built with a {@link ReactiveSubjectTokenSource} (WebFlux
 * applications; the auto-configuration uses {@link ReactiveSecurityContextSubjectTokenSource}
 * there), from the subscription's Reactor context only: return the {@code Mono} from the
 * WebFlux handler, or chain it into what it returns. Without a subject token the call fails
 * with an {@link IllegalStateException} and nothing is sent: never unauthenticated, never with
 * the incoming token. Exchanges do not block: {@link DownstreamAuthorizer#authorizeAsync}.
 *
 * <p>A request carrying an exchanged token never follows a redirect: the filter sends it itself,
 * through a transport that does not follow them (by default a JDK client with redirects off and
 * Spring's default codecs; the auto-configuration builds it from Boot's connector and HTTP client
 * settings with {@code redirects} forced to {@code DONT_FOLLOW}, and Boot's codec customizers),
 * so a {@code 3xx} comes back to the caller as it is, whatever connector the {@code WebClient}
 * was built with (Boot's default follows them). Filters added after this one do not see these
 * requests: add it last.
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693">RFC 8693</a>
 */
public final class ExchangingExchangeFilterFunction implements ExchangeFilterFunction {
    /** Where Spring Security's servlet integration puts the request's attributes in the Reactor context. */
    private static final String DPOP = "DPoP";
    private static final String DPOP_NONCE = "DPoP-Nonce";
    static final String SECURITY_CONTEXT_ATTRIBUTES = "org.springframework.security.SECURITY_CONTEXT_ATTRIBUTES";

    private final DownstreamAuthorizer downstream;
    private final Supplier<Mono<SubjectToken>> subjects;
    private final ExchangeFunction transport;

    /**
     * A filter exchanging the subject of {@code subjects} for the targets of {@code downstream},
     * sending through a JDK {@code HttpClient} that never follows redirects.
     */
    public ExchangingExchangeFilterFunction(DownstreamAuthorizer downstream, SubjectTokenSource subjects) {
        this(downstream, subjects, ExchangeFunctions.create(new JdkClientHttpConnector(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).build()), ExchangeStrategies.withDefaults()));
    }

    /**
     * As {@link #ExchangingExchangeFilterFunction(DownstreamAuthorizer, SubjectTokenSource)},
     * sending through {@code transport}, which must not follow redirects (e.g.
     * {@code ExchangeFunctions.create(connector, strategies)} over a connector built with
     * {@code HttpRedirects.DONT_FOLLOW}).
     */
    public ExchangingExchangeFilterFunction(DownstreamAuthorizer downstream, SubjectTokenSource subjects,
                                            ExchangeFunction transport) {
        Objects.requireNonNull(subjects, "subjects");
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        // the thread's context is read when filter() runs, on the subscribing thread
        this.subjects = () -> {
            Optional<SubjectToken> onThisThread = subjects.currentSubjectToken();
            return onThisThread.isPresent() ? Mono.just(onThisThread.get())
                    : Mono.deferContextual(context -> Mono.justOrEmpty(fromReactorContext(context)));
        };
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * A filter for WebFlux applications, exchanging the subject of {@code subjects} (read from
     * the subscription's Reactor context, never from a thread) for the targets of
     * {@code downstream}, sending through {@code transport}, which must not follow redirects.
     */
    public ExchangingExchangeFilterFunction(DownstreamAuthorizer downstream, ReactiveSubjectTokenSource subjects,
                                            ExchangeFunction transport) {
        Objects.requireNonNull(subjects, "subjects");
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.subjects = () -> Mono.defer(subjects::currentSubjectToken);
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * As {@link #ExchangingExchangeFilterFunction(DownstreamAuthorizer, ReactiveSubjectTokenSource, ExchangeFunction)},
     * sending through a JDK {@code HttpClient} that never follows redirects.
     */
    public ExchangingExchangeFilterFunction(DownstreamAuthorizer downstream, ReactiveSubjectTokenSource subjects) {
        this(downstream, subjects, ExchangeFunctions.create(new JdkClientHttpConnector(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).build()), ExchangeStrategies.withDefaults()));
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        if (request.headers().containsHeader(HttpHeaders.AUTHORIZATION)) {
            return Mono.error(new IllegalArgumentException("the request already carries an Authorization header; "
                    + "the exchanging client sets it and never overwrites one"));
        }
        return subjects.get()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "no subject token for this call: it is made outside a request authenticated with a bearer token")))
                .flatMap(subject -> Mono.fromFuture(() -> downstream.authorizeAsync(request.url(), subject)))
                // the token-carrying request skips next: its connector may follow redirects
                .flatMap(authorization -> sendAuthorized(request, transport, authorization)
                        .flatMap(response -> retryIfRefused(request, transport, authorization, response)));
    }

    /**
     * Sends with {@code authorization} (and, for a DPoP-bound token, a fresh proof of this request);
     * a {@code 401 use_dpop_nonce} with a {@code DPoP-Nonce} is sent once more with a proof carrying
     * that nonce (RFC 9449 section 9).
     */
    private static Mono<ClientResponse> sendAuthorized(ClientRequest request, ExchangeFunction next, DownstreamAuthorization used) {
        return Mono.fromSupplier(() -> withAuthorization(request, used, null)).flatMap(next::exchange).flatMap(response -> {
            Optional<String> nonce = used.nonceRequested(response.statusCode().value(),
                    response.headers().header(HttpHeaders.WWW_AUTHENTICATE),
                    response.headers().header(DPOP_NONCE).stream().findFirst().orElse(null));
            return nonce.isEmpty() ? Mono.just(response)
                    : response.releaseBody().then(Mono.fromSupplier(() -> withAuthorization(request, used, nonce.get())))
                            .flatMap(next::exchange);
        });
    }

    /** The one-retry rule: a 401 invalid_token to a first attempt is resent once with a freshly exchanged token. */
    private Mono<ClientResponse> retryIfRefused(ClientRequest request, ExchangeFunction next, DownstreamAuthorization used,
                                                ClientResponse response) {
        return Mono.fromFuture(() -> downstream.retryForAsync(used, response.statusCode().value(),
                        response.headers().header(HttpHeaders.WWW_AUTHENTICATE)))
                .flatMap(retry -> retry.isEmpty() ? Mono.just(response)
                        : response.releaseBody().then(sendAuthorized(request, next, retry.get())));
    }

    private static ClientRequest withAuthorization(ClientRequest request, DownstreamAuthorization authorization, String nonce) {
        Optional<String> proof = authorization.dpopProof(request.method().name(), request.url(), nonce);
        return ClientRequest.from(request).headers(h -> {
            h.set(HttpHeaders.AUTHORIZATION, authorization.headerValue());
            if (proof.isPresent()) {
                h.set(DPOP, proof.get());
            } else {
                h.remove(DPOP);
            }
        }).build();
    }

    private static Optional<SubjectToken> fromReactorContext(ContextView context) {
        Optional<Object> attributes = context.getOrEmpty(SECURITY_CONTEXT_ATTRIBUTES);
        if (attributes.isPresent() && attributes.get() instanceof Map<?, ?> map
                && map.get(Authentication.class) instanceof Authentication authentication) {
            return SecurityContextSubjectTokenSource.subjectOf(authentication);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ExchangingExchangeFilterFunction{" + downstream + '}';
    }
}
