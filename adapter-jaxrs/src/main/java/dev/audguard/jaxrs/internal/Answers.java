package dev.audguard.jaxrs.internal;

import dev.audguard.core.BearerChallenge;
import dev.audguard.core.BearerErrorResponse;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import dev.audguard.exchange.TokenExchangeException;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns sdk-core's {@link BearerErrorResponse}s into JAX-RS responses. Every answer that does not
 * depend on the request (no token, each {@link Reason} but insufficient scope, and access denied)
 * is computed once, body bytes included; a JAX-RS {@link Response} is single-use, so each refusal
 * gets a new one from those parts. Not API.
 *
 * <p>Immutable and thread-safe.
 */
public final class Answers {

    /** One answer's parts. */
    private record Prepared(int status, Map<String, String> headers, byte[] body) {
        static Prepared of(BearerErrorResponse response) {
            return new Prepared(response.status(), Map.copyOf(response.headers()),
                    response.body().getBytes(StandardCharsets.UTF_8));
        }

        Response response() {
            Response.ResponseBuilder builder = Response.status(status).entity(body).type(BearerErrorResponse.CONTENT_TYPE);
            headers.forEach(builder::header);
            return builder.build();
        }
    }

    private final BearerChallenge challenge;
    private final Prepared missingToken;
    private final Prepared accessDenied;
    private final Map<Reason, Prepared> byReason = new EnumMap<>(Reason.class);

    /** Prepares every fixed answer of {@code challenge}. */
    public Answers(BearerChallenge challenge) {
        this.challenge = Objects.requireNonNull(challenge, "challenge");
        this.missingToken = Prepared.of(challenge.forMissingToken());
        // A valid token without the role a method needs: RFC 6750's "higher privileges than provided
        // by the access token", as Spring Security answers it; which roles were needed is not said.
        this.accessDenied = Prepared.of(challenge.forInsufficientScope(Set.of()));
        for (Reason reason : Reason.values()) {
            if (reason != Reason.INSUFFICIENT_SCOPE) {
                byReason.put(reason, Prepared.of(challenge.forFailure(new TokenValidationException(reason))));
            }
        }
    }

    /** 401 with a challenge without {@code error}: the request carried no bearer token. */
    public Response missingToken() {
        return missingToken.response();
    }

    /** The answer for a refused or uncheckable token, or a malformed request. */
    public Response failure(TokenValidationException failure) {
        Prepared prepared = byReason.get(failure.reason());
        return (prepared != null ? prepared : Prepared.of(challenge.forFailure(failure))).response();
    }

    /** 401, 502 or 503 for a downstream call whose token exchange failed, by the failure's category. */
    public Response exchangeFailure(TokenExchangeException failure) {
        return Prepared.of(failure.errorResponse(challenge)).response();
    }

    /** 403 {@code insufficient_scope} without a {@code scope} attribute: a valid token the method does not admit. */
    public Response accessDenied() {
        return accessDenied.response();
    }
}
