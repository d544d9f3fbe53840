package dev.audguard.jaxrs;

import dev.audguard.core.BearerChallenge;
import dev.audguard.core.BearerErrorResponse;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The downstream service: accepts only tokens for service-c, records every token and body it
 * accepted, and on {@code /api/flaky} refuses the next {@link #refuseNext} accepted tokens with
 * 401 {@code invalid_token}, as a service whose own checks tightened would.
 */
final class ServiceC extends Application {
    final List<VerifiedToken> seen = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> rawAuthorizations = new CopyOnWriteArrayList<>();
    final AtomicInteger refuseNext = new AtomicInteger();
    private final BearerTokenFeature feature;

    ServiceC(String issuerUrl) {
        this.feature = BearerTokenFeature.builder(TokenValidator.builder().issuer(issuerUrl).audience("service-c").build()).build();
    }

    // deprecated in Jakarta REST 3.1 in favour of CDI, yet the one portable way to hand Jersey and
    // RESTEasy an instance without CDI
    @SuppressWarnings("deprecation")
    @Override
    public Set<Object> getSingletons() {
        return Set.of(feature, new Api(this), new Outside(this));
    }

    @Path("api")
    public static final class Api {
        private final ServiceC service;

        Api(ServiceC service) {
            this.service = service;
        }

        @GET
        @Path("whoami")
        public String whoami(@Context SecurityContext security, @Context HttpHeaders headers) {
            VerifiedToken token = BearerTokenFeature.verifiedToken(security).orElseThrow();
            service.seen.add(token);
            service.rawAuthorizations.add(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
            return "sub=" + token.subject().orElse("") + "\nazp=" + token.authorizedParty().orElse("") + "\n";
        }

        @GET
        @Path("flaky")
        public Response flaky(@Context SecurityContext security) {
            return refuseOrAnswer(security, "flaky");
        }

        @POST
        @Path("flaky")
        public Response flakyPost(@Context SecurityContext security, String body) {
            service.bodies.add(body);
            return refuseOrAnswer(security, "posted " + body);
        }

        private Response refuseOrAnswer(SecurityContext security, String answer) {
            service.seen.add(BearerTokenFeature.verifiedToken(security).orElseThrow());
            if (service.refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                BearerErrorResponse refusal = BearerChallenge.plain().forFailure(new TokenValidationException(Reason.EXPIRED));
                Response.ResponseBuilder response = Response.status(refusal.status()).entity(refusal.body())
                        .type(BearerErrorResponse.CONTENT_TYPE);
                refusal.headers().forEach(response::header);
                return response.build();
            }
            return Response.ok(answer + "\n").header("X-Attempt", service.seen.size()).build();
        }

        @GET
        @Path("redirect")
        public Response redirect(@QueryParam("to") String to) {
            return Response.status(302).location(URI.create(to)).build();
        }
    }

    /** Outside every target's base URL ({@code /api}): nothing may be sent here with a token. */
    @Path("outside")
    public static final class Outside {
        private final ServiceC service;

        Outside(ServiceC service) {
            this.service = service;
        }

        @GET
        @jakarta.annotation.security.PermitAll
        public String outside(@Context HttpHeaders headers) {
            service.rawAuthorizations.add(String.valueOf(headers.getHeaderString(HttpHeaders.AUTHORIZATION)));
            return "outside\n";
        }
    }
}
