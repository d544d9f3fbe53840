package dev.audguard.spring.server;

import dev.audguard.core.BearerChallenge;
import dev.audguard.core.HttpAnswer;
import dev.audguard.core.ProtectedResource;
import dev.audguard.core.Reason;
import dev.audguard.core.Refusal;
import dev.audguard.core.TokenValidationException;
import dev.audguard.servlet.internal.ServletAnswerWriter;
import dev.audguard.spring.internal.RefusedRequestException;
import dev.audguard.spring.internal.RequestUrls;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static dev.audguard.core.internal.Options.requireUnset;

/**
 * Answers refused requests the way every audguard adapter does, through sdk-core's
 * {@link BearerChallenge}: Spring's {@code BearerTokenAuthenticationEntryPoint} conventions
 * ({@code WWW-Authenticate: Bearer} with {@code error}, {@code error_description}, {@code scope},
 * {@code resource_metadata}) with fixed wording, a JSON body and {@code Cache-Control: no-store}.
 *
 * <ul>
 *   <li>no bearer token: 401 without {@code error};</li>
 *   <li>a malformed request (query token, two headers, bad header): 400 {@code invalid_request};</li>
 *   <li>a refused token: 401 {@code invalid_token}; missing path scopes: 403 {@code insufficient_scope};</li>
 *   <li>the issuer's keys cannot be had ({@code keys_unavailable}): 503 with {@code Retry-After},
 *       not 401: the caller's token is not at fault.</li>
 * </ul>
 *
 * <p>The reason comes from the decoder's {@link AudguardJwtException}, the direct cause of the
 * exception Spring hands over; the answer (status, {@code WWW-Authenticate}, body) is sdk-core's
 * {@link BearerChallenge#answer(Refusal)}, copied onto the response unless it is committed. Spring's own exceptions (another decoder, DPoP) are mapped to the nearest reason and
 * their text is never shown. Like Spring Security 7, challenges carry {@code resource_metadata}:
 * the configured resource's RFC 9728 metadata URL, or, without one, the one derived from a request
 * whose {@code Host} is a valid host name (behind a proxy, configure the resource, or have the
 * proxy forward {@code Host} and Spring honour {@code X-Forwarded-Proto}/{@code -Port}).
 *
 * <p>Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750 section 3</a>
 */
public final class AudguardAuthenticationEntryPoint implements AuthenticationEntryPoint {
    private static final Logger log = LoggerFactory.getLogger(AudguardAuthenticationEntryPoint.class);
    private static final String METADATA_PATH = "/.well-known/oauth-protected-resource";
    /** Challenges kept for derived metadata URLs; beyond this many (a Host spray) each is built per request. */
    static final int MAX_DERIVED_CHALLENGES = 64;

    private final String realm;
    private final Duration retryAfter;
    private final BearerChallenge fixed;
    private final BearerChallenge withoutMetadata;
    private final ConcurrentMap<URI, BearerChallenge> derived = new ConcurrentHashMap<>();
    private final ProtectedResource frontDoor;

    private AudguardAuthenticationEntryPoint(Builder b) {
        this.realm = b.realm;
        this.frontDoor = b.frontDoor;
        this.retryAfter = b.retryAfter != null ? b.retryAfter : Duration.ofSeconds(10);
        this.fixed = b.metadataUrl == null ? null : challenge(b.metadataUrl);
        this.withoutMetadata = challenge(null);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        Refusal refusal = refusalFor(exception);
        log.debug("Request refused: {}", refusal.code());
        ServletAnswerWriter.write(response, answer(request, refusal));
    }

    /**
     * sdk-core's answer to {@code refusal} for {@code request}: status, headers and body, with this
     * entry point's realm and the request's {@code resource_metadata} (see {@link #challengeFor}).
     */
    public HttpAnswer answer(HttpServletRequest request, Refusal refusal) {
        if (frontDoor != null) {
            // the front door's prepared answer: its challenge plus the sender binding's (DPoP algs=..) and headers
            return frontDoor.answer(refusal);
        }
        return HttpAnswer.of(challengeFor(request).answer(refusal));
    }

    /**
     * The refusal {@code exception} stands for. The decoder's {@link AudguardJwtException} reaches
     * here as the direct cause of Spring's {@code InvalidBearerTokenException} (Spring's
     * {@code JwtAuthenticationProvider} wraps it once), and a malformed request's
     * {@link TokenValidationException} as that of an {@code invalid_request}; no cause chain is walked.
     * Spring's own exceptions (another decoder, DPoP) map to the nearest reason, their text never shown.
     */
    static Refusal refusalFor(AuthenticationException exception) {
        if (exception instanceof RefusedRequestException refused) {
            return refused.refusal();
        }
        Throwable cause = exception.getCause();
        if (cause instanceof AudguardJwtException refused) {
            return Refusal.of(refused.failure());
        }
        if (cause instanceof TokenValidationException failure) {
            return Refusal.of(failure);
        }
        if (exception instanceof OAuth2AuthenticationException oauth) {
            String code = oauth.getError().getErrorCode();
            if (OAuth2ErrorCodes.INVALID_REQUEST.equals(code)) {
                return Refusal.of(Reason.INVALID_REQUEST);
            }
            if (OAuth2ErrorCodes.INSUFFICIENT_SCOPE.equals(code)) {
                String scope = oauth.getError() instanceof BearerTokenError bearer ? bearer.getScope() : null;
                return Refusal.insufficientScope(scope == null || scope.isBlank() ? Set.of()
                        : Set.copyOf(Arrays.asList(scope.split(" "))));
            }
            // another decoder's or Spring's own refusal (e.g. a DPoP-bound token sent as bearer)
            return Refusal.of(Reason.INVALID_CLAIM);
        }
        if (exception instanceof AuthenticationServiceException) {
            // a decoder that could not check the token (Spring's plain JwtException): not the caller's fault
            return Refusal.of(Reason.KEYS_UNAVAILABLE);
        }
        return Refusal.missingToken();
    }

    /**
     * The challenge this entry point answers {@code request} with: fixed when a resource is
     * configured ({@code audguard.resource-metadata.resource}), else with the metadata URL derived
     * from the request's scheme, {@code Host} and context path, and only when the {@code Host} is a
     * valid host name with a valid port (never reflected otherwise: then no {@code resource_metadata}).
     * Challenges for derived URLs are kept, up to {@value #MAX_DERIVED_CHALLENGES}. Other answers of
     * the application (a failed token exchange) use it too, so they carry the same realm and metadata.
     */
    public BearerChallenge challengeFor(HttpServletRequest request) {
        if (frontDoor != null) {
            return frontDoor.challenge();
        }
        if (fixed != null) {
            return fixed;
        }
        Optional<URI> url = RequestUrls.derive(request, METADATA_PATH);
        return url.isPresent() ? derived(url.get()) : withoutMetadata;
    }

    private BearerChallenge derived(URI metadataUrl) {
        BearerChallenge known = derived.get(metadataUrl);
        if (known != null) {
            return known;
        }
        BearerChallenge built = challenge(metadataUrl);
        if (derived.size() < MAX_DERIVED_CHALLENGES) {
            derived.putIfAbsent(metadataUrl, built);
        }
        return built;
    }

    /** Whether URLs are derived from each request, because no resource is configured. */
    public boolean derivesFromRequest() {
        // also with a front door: Spring Security's metadata document still derives its resource then
        return fixed == null;
    }

    private BearerChallenge challenge(URI metadataUrl) {
        BearerChallenge.Builder builder = BearerChallenge.builder().retryAfter(retryAfter);
        if (realm != null) {
            builder.realm(realm);
        }
        if (metadataUrl != null) {
            builder.resourceMetadata(metadataUrl);
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "AudguardAuthenticationEntryPoint{realm=" + realm + ", retryAfter=" + retryAfter + '}';
    }

    /**
     * Configures an {@link AudguardAuthenticationEntryPoint}. Defaults: no {@code realm},
     * {@code Retry-After: 10}, {@code resource_metadata} derived from each request. Each option
     * can be set once. Not thread-safe.
     */
    public static final class Builder {
        private String realm;
        private Duration retryAfter;
        private URI metadataUrl;
        private ProtectedResource frontDoor;

        private Builder() {
        }

        /**
         * Answers with {@code frontDoor}'s answers instead (its realm, {@code Retry-After},
         * {@code resource_metadata} and sender-binding challenges), for the request-aware
         * authentication of sender-constrained tokens ({@link AudguardRequestAuthentication}): the
         * {@code DPoP} challenge beside {@code Bearer} on every 401, {@code DPoP-Nonce} with
         * {@code use_dpop_nonce}. {@code resource_metadata} is then the configured resource's only,
         * never derived from the request, as in the servlet filter and the WebFlux adapter.
         */
        public Builder frontDoor(ProtectedResource frontDoor) {
            requireUnset(this.frontDoor, "frontDoor");
            this.frontDoor = Objects.requireNonNull(frontDoor, "frontDoor");
            return this;
        }

        /** The {@code realm} attribute of challenges (printable ASCII). */
        public Builder realm(String realm) {
            requireUnset(this.realm, "realm");
            BearerChallenge.builder().realm(realm);
            this.realm = realm;
            return this;
        }

        /** {@code Retry-After} of 503 answers (default 10 s). */
        public Builder retryAfter(Duration retryAfter) {
            requireUnset(this.retryAfter, "retryAfter");
            BearerChallenge.builder().retryAfter(Objects.requireNonNull(retryAfter, "retryAfter"));
            this.retryAfter = retryAfter;
            return this;
        }

        /** The {@code resource_metadata} URL of every challenge, instead of one derived from the request. */
        public Builder resourceMetadata(URI metadataUrl) {
            requireUnset(this.metadataUrl, "resourceMetadata");
            BearerChallenge.builder().resourceMetadata(metadataUrl);
            this.metadataUrl = metadataUrl;
            return this;
        }

        /** Builds the entry point. */
        public AudguardAuthenticationEntryPoint build() {
            return new AudguardAuthenticationEntryPoint(this);
        }
    }
}
