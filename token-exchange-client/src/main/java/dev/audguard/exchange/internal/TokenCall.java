package dev.audguard.exchange.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.exchange.TokenExchangeException.Category;
import dev.audguard.core.binding.DpopProofSigner;
import dev.audguard.exchange.TokenTypes;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * One RFC 8693 request to the token endpoint and the checks on its answer; the last step of the
 * exchange chain (the cache and the retries come before it). Not API.
 *
 * <p>Thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693#section-2">RFC 8693 section 2</a>
 */
public final class TokenCall {
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

    private final Transport transport;
    private final ClientAuth auth;
    private final Clock clock;
    private final Duration skew;
    private final Duration defaultLifetime;
    private final DpopProofSigner dpop;
    /** The token endpoint's last DPoP-Nonce (RFC 9449 section 8), sent in every later proof. */
    private volatile String dpopNonce;

    public TokenCall(Transport transport, ClientAuth auth, Clock clock, Duration skew, Duration defaultLifetime) {
        this(transport, auth, clock, skew, defaultLifetime, null);
    }

    /** With {@code dpop} not null, every request carries a DPoP proof and DPoP-bound tokens are accepted. */
    public TokenCall(Transport transport, ClientAuth auth, Clock clock, Duration skew, Duration defaultLifetime,
                     DpopProofSigner dpop) {
        this.transport = transport;
        this.auth = auth;
        this.clock = clock;
        this.skew = skew;
        this.defaultLifetime = defaultLifetime;
        this.dpop = dpop;
    }

    /** Sends the exchange; completes with a checked token or fails with an {@link ExchangeFailure}. */
    public CompletableFuture<IssuedToken> exchange(URI endpoint, String assertionAudience, ExchangeParameters p) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("grant_type", List.of(GRANT_TYPE));
        form.put("subject_token", List.of(p.subjectToken()));
        form.put("subject_token_type", List.of(p.subjectTokenType()));
        if (p.requestedTokenType() != null) {
            form.put("requested_token_type", List.of(p.requestedTokenType()));
        }
        if (!p.audiences().isEmpty()) {
            form.put("audience", p.audiences());
        }
        if (!p.resources().isEmpty()) {
            form.put("resource", p.resources());
        }
        if (p.scopeParameter() != null) {
            form.put("scope", List.of(p.scopeParameter()));
        }
        if (p.actorToken() != null) {
            form.put("actor_token", List.of(p.actorToken()));
            form.put("actor_token_type", List.of(p.actorTokenType()));
        }
        if (dpop == null) {
            return transport.send(request(endpoint, assertionAudience, form, null)).thenApply(response -> read(response, p));
        }
        String nonce = dpopNonce;
        return transport.send(request(endpoint, assertionAudience, form, nonce)).thenCompose(response -> {
            String next = response.headers().firstValue("DPoP-Nonce").filter(TokenCall::usableNonce).orElse(null);
            if (next != null) {
                dpopNonce = next;
            }
            // RFC 9449 section 8: one retry with the nonce the server gave, never a loop
            if (response.status() == 400 && next != null && !next.equals(nonce) && "use_dpop_nonce".equals(errorOf(response))) {
                return transport.send(request(endpoint, assertionAudience, form, next)).thenApply(again -> {
                    again.headers().firstValue("DPoP-Nonce").filter(TokenCall::usableNonce).ifPresent(n -> dpopNonce = n);
                    return read(again, p);
                });
            }
            return CompletableFuture.completedFuture(read(response, p));
        });
    }

    private HttpRequest.Builder request(URI endpoint, String assertionAudience, Map<String, List<String>> form, String nonce) {
        Map<String, List<String>> fields = new LinkedHashMap<>(form);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        // a fresh client assertion and a fresh proof per attempt: both are single use
        auth.apply(fields, request, assertionAudience, clock);
        if (dpop != null) {
            request.header("DPoP", dpop.proof("POST", endpoint, nonce));
        }
        request.POST(HttpRequest.BodyPublishers.ofString(formBody(fields)));
        return request;
    }

    /** A nonce is a token68-like string (RFC 9449 section 8.1: NQCHAR); anything else is ignored. */
    public static boolean usableNonce(String nonce) {
        return !nonce.isEmpty() && nonce.length() <= 512 && nonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != '"' && c != '\\');
    }

    private static String errorOf(Transport.Response response) {
        Map<String, Object> json = parseOrNull(response.body());
        return json != null && json.get("error") instanceof String error ? error : null;
    }

    private IssuedToken read(Transport.Response response, ExchangeParameters p) {
        int status = response.status();
        if (status == 200) {
            return readToken(response.body(), p);
        }
        Map<String, Object> json = parseOrNull(response.body());
        Object rawError = json == null ? null : json.get("error");
        Object rawDescription = json == null ? null : json.get("error_description");
        String error = Sanitizer.errorCode(rawError, p.subjectToken(), p.actorToken(), auth.secret());
        String description = Sanitizer.description(rawDescription, p.subjectToken(), p.actorToken(), auth.secret());
        if (status == 429 || status >= 500) {
            Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock);
            return fail(new ExchangeFailure(Category.ISSUER_UNAVAILABLE, "HTTP " + status, error, description, status,
                    retryAfter, true, null));
        }
        if (status >= 400) {
            Category category = classify(error, rawDescription instanceof String s ? s : null);
            return fail(new ExchangeFailure(category, "HTTP " + status, error, description, status, null,
                    category == Category.ISSUER_UNAVAILABLE, null));
        }
        if (status >= 300 && status < 400) {
            return fail(new ExchangeFailure(Category.CONFIGURATION, "HTTP " + status + " (redirects are not followed)", null, null,
                    status, null, false, null));
        }
        return fail(new ExchangeFailure(Category.INVALID_RESPONSE, "HTTP " + status, null, null, status, null, false, null));
    }

    /**
     * The category of a 4xx answer. RFC 8693 section 2.2.2 answers a bad subject token with
     * {@code invalid_request}, as Keycloak does ({@code "Invalid token"}), but {@code invalid_request}
     * also covers this client's mistakes; only a description about the subject token makes it the
     * caller's problem. {@code invalid_grant} (used by several issuers) always is.
     */
    static Category classify(String error, String description) {
        if ("invalid_grant".equals(error) || "invalid_token".equals(error)) {
            return Category.SUBJECT_TOKEN_REJECTED;
        }
        if ("invalid_request".equals(error) && aboutSubjectToken(description)) {
            return Category.SUBJECT_TOKEN_REJECTED;
        }
        if ("temporarily_unavailable".equals(error)) {
            return Category.ISSUER_UNAVAILABLE;
        }
        return Category.CONFIGURATION;
    }

    private static boolean aboutSubjectToken(String description) {
        if (description == null) {
            return false;
        }
        String d = description.trim().toLowerCase(Locale.ROOT);
        if (d.startsWith("invalid token") || d.startsWith("invalid subject token") || d.equals("token expired")) {
            return true;
        }
        boolean mentionsSubject = d.contains("subject_token") || d.contains("subject token");
        boolean saysBad = d.contains("invalid") || d.contains("expired") || d.contains("revoked") || d.contains("not active")
                || d.contains("inactive");
        return mentionsSubject && saysBad && !d.contains("subject_token_type") && !d.contains("actor");
    }

    private IssuedToken readToken(String body, ExchangeParameters p) {
        Map<String, Object> json = parseOrNull(body);
        if (json == null) {
            return invalid("response is not a JSON object");
        }
        if (!(json.get("access_token") instanceof String accessToken) || accessToken.isEmpty()) {
            return invalid("response has no access_token");
        }
        if (!(json.get("issued_token_type") instanceof String issuedType) || issuedType.isEmpty()) {
            return invalid("response has no issued_token_type");
        }
        if (!(json.get("token_type") instanceof String tokenType) || tokenType.isEmpty()) {
            return invalid("response has no token_type");
        }
        String requested = p.requestedTokenType() == null ? TokenTypes.ACCESS_TOKEN : p.requestedTokenType();
        if (requested.equals(TokenTypes.ACCESS_TOKEN)) {
            // RFC 8693 section 2.2.1: N_A means "not an access token": never usable as a bearer token
            // a DPoP-bound token (RFC 9449 section 5) only when this client sent a proof: it can prove possession
            if (!tokenType.equalsIgnoreCase("Bearer") && !(dpop != null && tokenType.equalsIgnoreCase("DPoP"))) {
                return invalid(dpop != null ? "token_type is neither Bearer nor DPoP" : "token_type is not Bearer");
            }
            if (!issuedType.equals(TokenTypes.ACCESS_TOKEN) && !issuedType.equals(TokenTypes.JWT)) {
                return invalid("issued_token_type is not an access token");
            }
        }
        Instant now = clock.instant();
        Instant fromJwt = Jwts.unverifiedExpiry(accessToken).orElse(null);
        Instant expiresAt;
        Object expiresIn = json.get("expires_in");
        if (expiresIn == null) {
            expiresAt = fromJwt != null ? fromJwt : now.plus(defaultLifetime);
        } else {
            Long seconds = seconds(expiresIn);
            if (seconds == null || seconds < 0) {
                return invalid("expires_in is not a number of seconds");
            }
            expiresAt = now.plusSeconds(seconds);
            if (fromJwt != null && fromJwt.isBefore(expiresAt)) {
                expiresAt = fromJwt;
            }
        }
        List<String> scopes;
        Object scope = json.get("scope");
        if (scope == null) {
            // RFC 6749 section 5.1: scope may be left out when it is what was requested
            scopes = p.scopes();
        } else if (scope instanceof String granted) {
            scopes = List.copyOf(new TreeSet<>(Arrays.stream(granted.split(" ")).filter(s -> !s.isEmpty()).toList()));
        } else {
            return invalid("scope is not a string");
        }
        return new IssuedToken(accessToken, tokenType, issuedType, expiresAt, scopes, cacheUntil(now, expiresAt, p));
    }

    /** The exchanged token's expiry less the skew, and never past the subject token's; null: not cacheable. */
    private Instant cacheUntil(Instant now, Instant expiresAt, ExchangeParameters p) {
        if (p.subjectExpiresAt() == null) {
            return null;
        }
        Instant until = expiresAt.minus(skew);
        if (p.subjectExpiresAt().isBefore(until)) {
            until = p.subjectExpiresAt();
        }
        return until.isAfter(now) ? until : null;
    }

    private static Long seconds(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer i) {
            return (long) i;
        }
        if (value instanceof Double d && Double.isFinite(d) && d < 1e12) {
            return (long) Math.floor(d);
        }
        if (value instanceof String s && s.matches("\\d{1,12}")) {
            return Long.parseLong(s);
        }
        return null;
    }

    private static Map<String, Object> parseOrNull(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static IssuedToken invalid(String problem) {
        throw ExchangeFailure.of(Category.INVALID_RESPONSE, problem);
    }

    private static IssuedToken fail(ExchangeFailure failure) {
        throw failure;
    }

    static String formBody(Map<String, List<String>> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, values) -> values.forEach(value -> {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }));
        return body.toString();
    }
}
