package dev.audguard.spring.client;

import dev.audguard.exchange.DownstreamAuthorization;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.SubjectTokenSource;
import dev.audguard.exchange.TokenExchangeException;
import dev.audguard.exchange.UnknownDownstreamException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.StreamUtils;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code RestClient} / {@code RestTemplate} interceptor that calls downstream services with a
 * token exchanged for them (RFC 8693), never with the token this service received. All exchange
 * logic is token-exchange-client's {@link DownstreamAuthorizer}; the subject token comes from the
 * {@link SubjectTokenSource} (by default the request's {@link dev.audguard.spring.server.VerifiedJwt} in the security context).
 *
 * <pre>{@code
 * RestClient serviceC = restClientBuilder
 *     .baseUrl("https://service-c.internal/api")
 *     .requestInterceptor(exchangingInterceptor)
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>A URL under no configured target is refused with {@link UnknownDownstreamException}
 *       (nothing is sent): a client meant to carry exchanged tokens never sends a request that
 *       could reach an unintended host. Use a separate {@code RestClient} for other calls.</li>
 *   <li>A request that already has an {@code Authorization} header is refused
 *       ({@link IllegalArgumentException}), not overwritten.</li>
 *   <li>Without a subject token (outside a request, an anonymous request) the call fails with
 *       {@link IllegalStateException}.</li>
 *   <li>When the target answers {@code 401} with {@code error="invalid_token"}, the cached
 *       exchanged token is dropped, the subject token exchanged again and the request sent once
 *       more (the body is held as bytes, so it can be); a second 401 goes back to the caller.</li>
 *   <li>A failed exchange throws {@link TokenExchangeException}; its {@code httpStatus()} says
 *       what to answer (401, 502 or 503).</li>
 *   <li>When the exchange client has a DPoP key ({@code TokenExchangeClient.Builder.dpop(..)})
 *       and the issuer bound the exchanged token to it, the request goes with {@code Authorization: DPoP <exchanged>} and a fresh {@code DPoP}
 *       proof of its method and URI with {@code ath} (RFC 9449 section 7); a {@code 401} whose
 *       {@code DPoP} challenge says {@code error="use_dpop_nonce"}, with a {@code DPoP-Nonce}
 *       header, is sent once more with a proof carrying that nonce.</li>
 *   <li>A request carrying an exchanged token never follows a redirect: the interceptor sends it
 *       itself, through a transport that does not follow them (by default a JDK client with
 *       redirects off; the auto-configuration builds it from Boot's HTTP client settings with
 *       {@code redirects} forced to {@code DONT_FOLLOW}), so a {@code 3xx} comes back to the
 *       caller as it is and the token never reaches the host a {@code Location} names, whatever
 *       request factory the {@code RestClient} was built with (Boot's default follows them).
 *       Interceptors added after this one do not see these requests: add it last.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693">RFC 8693</a>
 */
public final class ExchangingClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {
    private static final String DPOP = "DPoP";
    private static final String DPOP_NONCE = "DPoP-Nonce";
    private final DownstreamAuthorizer downstream;
    private final SubjectTokenSource subjects;
    private final ClientHttpRequestFactory transport;

    /**
     * An interceptor exchanging the subject of {@code subjects} for the targets of
     * {@code downstream}, sending through a JDK {@code HttpClient} that never follows redirects.
     */
    public ExchangingClientHttpRequestInterceptor(DownstreamAuthorizer downstream, SubjectTokenSource subjects) {
        this(downstream, subjects, new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).build()));
    }

    /**
     * As {@link #ExchangingClientHttpRequestInterceptor(DownstreamAuthorizer, SubjectTokenSource)},
     * sending through {@code transport}, which must not follow redirects (with Boot:
     * {@code ClientHttpRequestFactoryBuilder.build(settings.withRedirects(HttpRedirects.DONT_FOLLOW))}).
     */
    public ExchangingClientHttpRequestInterceptor(DownstreamAuthorizer downstream, SubjectTokenSource subjects,
                                                  ClientHttpRequestFactory transport) {
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.subjects = Objects.requireNonNull(subjects, "subjects");
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution) throws IOException {
        if (request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
            throw new IllegalArgumentException("the request already carries an Authorization header; "
                    + "the exchanging client sets it and never overwrites one");
        }
        SubjectToken subject = subjects.currentSubjectToken().orElseThrow(() -> new IllegalStateException(
                "no subject token for this call: it is made outside a request authenticated with a bearer token"));
        DownstreamAuthorization authorization = downstream.authorize(request.getURI(), subject);
        ClientHttpResponse response = sendAuthorized(request, body, authorization);
        Optional<DownstreamAuthorization> retry = downstream.retryFor(authorization, response.getStatusCode().value(),
                response.getHeaders().getOrEmpty(HttpHeaders.WWW_AUTHENTICATE));
        if (retry.isEmpty()) {
            return response;
        }
        response.close();
        return sendAuthorized(request, body, retry.get());
    }

    /**
     * Sends with {@code authorization}: its {@code Authorization} value and, for a DPoP-bound token, a
     * fresh proof of this request (RFC 9449 section 7); a {@code 401 use_dpop_nonce} with a
     * {@code DPoP-Nonce} is sent once more with a proof carrying that nonce.
     */
    private ClientHttpResponse sendAuthorized(HttpRequest request, byte[] body, DownstreamAuthorization authorization)
            throws IOException {
        authorize(request, authorization, null);
        ClientHttpResponse response = send(request, body);
        Optional<String> nonce = authorization.nonceRequested(response.getStatusCode().value(),
                response.getHeaders().getOrEmpty(HttpHeaders.WWW_AUTHENTICATE), response.getHeaders().getFirst(DPOP_NONCE));
        if (nonce.isEmpty()) {
            return response;
        }
        response.close();
        authorize(request, authorization, nonce.get());
        return send(request, body);
    }

    private static void authorize(HttpRequest request, DownstreamAuthorization authorization, String nonce) {
        request.getHeaders().set(HttpHeaders.AUTHORIZATION, authorization.headerValue());
        Optional<String> proof = authorization.dpopProof(request.getMethod().name(), request.getURI(), nonce);
        if (proof.isPresent()) {
            request.getHeaders().set(DPOP, proof.get());
        } else {
            request.getHeaders().remove(DPOP);
        }
    }

    /**
     * The last step of Spring's own interceptor chain, done here on a transport that does not
     * follow redirects: the request factory the client was built with may follow them, and would
     * carry the token to wherever a {@code Location} points.
     */
    private ClientHttpResponse send(HttpRequest request, byte[] body) throws IOException {
        ClientHttpRequest outgoing = transport.createRequest(request.getURI(), request.getMethod());
        outgoing.getHeaders().putAll(request.getHeaders());
        outgoing.getAttributes().putAll(request.getAttributes());
        if (body.length > 0) {
            StreamUtils.copy(body, outgoing.getBody());
        }
        return outgoing.execute();
    }

    @Override
    public String toString() {
        return "ExchangingClientHttpRequestInterceptor{" + downstream + '}';
    }
}
