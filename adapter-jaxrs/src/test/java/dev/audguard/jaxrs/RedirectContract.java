package dev.audguard.jaxrs;

import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.SubjectToken;
import dev.audguard.exchange.TokenExchangeClient;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.RedirectTargets;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchanged token never follows a redirect to another origin, run on each client runtime by a
 * subclass: the target answers 302 to a second loopback server that records what it was sent.
 */
abstract class RedirectContract {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private RedirectTargets servers;
    private DownstreamAuthorizer downstream;
    private SubjectToken alice;

    /** A client of the runtime under test built as that runtime builds it by default. */
    abstract Client defaultClient();

    /** A client of the runtime under test set to follow redirects. */
    abstract Client followingClient();

    @BeforeEach
    void start() {
        servers = new RedirectTargets();
        String issuerUrl = issuer.realm("demo").issuerUrl();
        downstream = DownstreamAuthorizer.builder(TokenExchangeClient.builder().issuer(issuerUrl)
                        .clientSecret("service-b", "b-secret").build())
                .target("service-c", servers.target("/api"), t -> t.audience("service-c"))
                .build();
        alice = SubjectToken.of(issuer.realm("demo").passwordGrant("service-a", "a-secret", "alice", "alice").accessToken());
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    private Response call(Client client) {
        client.register(ExchangingClientFilter.builder(downstream).build());
        return client.target(servers.target("/api/moved")).request()
                .property(ExchangingClientFilter.SUBJECT_PROPERTY, alice).get();
    }

    @Test
    void byDefaultARedirectComesBackToTheCallerAndTheTokenStaysWithTheTarget() {
        Client client = defaultClient();
        try (Response response = call(client)) {
            assertThat(response.getStatus()).isEqualTo(302);
        } finally {
            client.close();
        }
        assertThat(servers.atTarget()).singleElement().asString().startsWith("Bearer ");
        assertThat(servers.elsewhere()).isEmpty();
    }

    @Test
    void aClientSetToFollowRedirectsNeverCarriesTheTokenToAnotherOrigin() {
        Client client = followingClient();
        try {
            try (Response response = call(client)) {
                // Jersey: following is switched off for this request
                assertThat(response.getStatus()).isEqualTo(302);
            } catch (ProcessingException refused) {
                // RESTEasy: following is the engine's, so the client is refused before anything is sent
                assertThat(refused).rootCause().isInstanceOf(IllegalStateException.class).hasMessageContaining("follows redirects");
                assertThat(servers.atTarget()).isEmpty();
            }
        } finally {
            client.close();
        }
        assertThat(servers.elsewhere()).isEmpty();
    }

    @Test
    void theHarnessSeesWhatAFollowingClientCarries() {
        // without the filter the same client follows the 302 (RESTEasy's Apache engine with the header it was
        // given; Jersey's HttpURLConnection drops it, other Jersey connectors need not): the checks above are real
        Client client = followingClient();
        try (Response response = client.target(servers.target("/api/moved")).request().header("Authorization", "Bearer x").get()) {
            assertThat(response.getStatus()).isEqualTo(200);
        } finally {
            client.close();
        }
        assertThat(servers.elsewhere()).hasSize(1);
    }
}
