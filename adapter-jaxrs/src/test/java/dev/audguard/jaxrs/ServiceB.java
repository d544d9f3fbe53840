package dev.audguard.jaxrs;

import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.TokenExchangeClient;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The calling service: accepts tokens for service-b and calls service-c through a JAX-RS client
 * with the {@link ExchangingClientFilter}, on behalf of the request it serves. Each call answers
 * the downstream status and body, or {@code refused=<exception>} when the client refused to send.
 */
final class ServiceB extends Application implements AutoCloseable {
    final BearerTokenFeature feature;
    final Client client;
    final URI serviceC;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    ServiceB(String issuerUrl, URI serviceC) {
        this.serviceC = serviceC;
        this.feature = BearerTokenFeature.builder(TokenValidator.builder().issuer(issuerUrl).audience("service-b").build()).build();
        TokenExchangeClient exchange = TokenExchangeClient.builder().issuer(issuerUrl).clientSecret("service-b", "b-secret").build();
        DownstreamAuthorizer downstream = DownstreamAuthorizer.builder(exchange)
                .target("service-c", serviceC.resolve("/api"), t -> t.audience("service-c"))
                .build();
        this.client = ClientBuilder.newClient().register(ExchangingClientFilter.builder(downstream)
                .subjectTokenSource(feature.subjectTokenSource())
                .build());
    }

    // deprecated in Jakarta REST 3.1 in favour of CDI, yet the one portable way to hand Jersey and
    // RESTEasy an instance without CDI
    @SuppressWarnings("deprecation")
    @Override
    public Set<Object> getSingletons() {
        return Set.of(feature, new Calls(this));
    }

    @Override
    public void close() {
        client.close();
        executor.shutdownNow();
    }

    static String answer(Response response) {
        try (response) {
            return "status=" + response.getStatus() + "\n" + response.readEntity(String.class);
        }
    }

    static String refused(ProcessingException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return "refused=" + cause.getClass().getSimpleName() + "\n";
    }

    @Path("calls")
    public static final class Calls {
        private final ServiceB service;

        Calls(ServiceB service) {
            this.service = service;
        }

        private String call(String path) {
            try {
                return answer(service.client.target(service.serviceC.resolve(path)).request().get());
            } catch (ProcessingException e) {
                return refused(e);
            }
        }

        @GET
        @Path("whoami")
        public String whoami() {
            return call("/api/whoami");
        }

        /** Calls service-c and lets any failure through to the application's exception mappers. */
        @GET
        @Path("uncaught")
        public String uncaught() {
            return service.client.target(service.serviceC.resolve("/api/whoami")).request().get(String.class);
        }

        @GET
        @Path("flaky")
        public String flaky() {
            return call("/api/flaky");
        }

        @POST
        @Path("flaky")
        public String flakyPost(@QueryParam("stream") boolean stream) {
            Object body = stream ? new ByteArrayInputStream("a stream".getBytes(StandardCharsets.UTF_8)) : "an order";
            try {
                return answer(service.client.target(service.serviceC.resolve("/api/flaky")).request()
                        .post(Entity.entity(body, MediaType.TEXT_PLAIN_TYPE)));
            } catch (ProcessingException e) {
                return refused(e);
            }
        }

        @GET
        @Path("outside")
        public String outside() {
            return call("/outside");
        }

        @GET
        @Path("redirect")
        public String redirect(@QueryParam("to") String to) {
            try {
                return answer(service.client.target(service.serviceC.resolve("/api/redirect")).queryParam("to", to).request().get());
            } catch (ProcessingException e) {
                return refused(e);
            }
        }

        @GET
        @Path("forward-own-token")
        public String forwardOwnToken(@Context SecurityContext security) {
            VerifiedToken token = BearerTokenFeature.verifiedToken(security).orElseThrow();
            try {
                return answer(service.client.target(service.serviceC.resolve("/api/whoami")).request()
                        .header("Authorization", "Bearer " + token.rawToken()).get());
            } catch (ProcessingException e) {
                return refused(e);
            }
        }

        @GET
        @Path("anonymous")
        @PermitAll
        public String anonymous() {
            return call("/api/whoami");
        }

        /** Off the request thread: the thread binding is not there, the explicit subject is. */
        @GET
        @Path("async")
        public void async(@Context SecurityContext security, @QueryParam("explicit") boolean explicit,
                          @Suspended AsyncResponse response) {
            VerifiedToken token = BearerTokenFeature.verifiedToken(security).orElseThrow();
            service.executor.execute(() -> {
                try {
                    var request = service.client.target(service.serviceC.resolve("/api/whoami")).request();
                    if (explicit) {
                        request.property(ExchangingClientFilter.SUBJECT_PROPERTY, token);
                    }
                    response.resume(answer(request.get()));
                } catch (ProcessingException e) {
                    response.resume(refused(e));
                }
            });
        }
    }
}
