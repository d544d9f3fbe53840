package dev.audguard.spring.client;

import dev.audguard.exchange.DownstreamAuthorizer;
import dev.audguard.exchange.SubjectTokenSource;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.spring.DemoExchange;
import dev.audguard.testsupport.RedirectTargets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchanging {@code RestClient} interceptor and {@code WebClient} filter on Boot's default
 * builders (which follow redirects) never carry the exchanged token across a redirect: the target
 * answers 302 to a second loopback server, another origin, that records what it was sent.
 */
class ExchangingClientsRedirectIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private static final ApplicationContextRunner BOOT = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
                    ReactiveHttpClientAutoConfiguration.class, CodecsAutoConfiguration.class, RestClientAutoConfiguration.class,
                    WebClientAutoConfiguration.class))
            // the JDK client, which Boot picks where Reactor Netty is absent: this module's tests also
            // carry Reactor Netty (for the WebFlux tests), which would otherwise change Boot's default
            .withPropertyValues("spring.http.clients.imperative.factory=jdk", "spring.http.clients.reactive.connector=jdk");

    private RedirectTargets servers;
    private DownstreamAuthorizer downstream;
    private SubjectTokenSource alice;

    @BeforeEach
    void start() {
        servers = new RedirectTargets();
        downstream = DemoExchange.serviceC(issuer.realm("demo"), url("/api"));
        alice = DemoExchange.alice(issuer.realm("demo"));
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    private URI url(String path) {
        return servers.target(path);
    }

    private void assertTheTokenStayedWithTheTarget(ResponseEntity<Void> response) {
        assertThat(response.getStatusCode().value()).isEqualTo(302);
        assertThat(servers.atTarget()).singleElement().asString().startsWith("Bearer ");
        assertThat(servers.elsewhere()).isEmpty();
    }

    @Test
    void theHarnessSeesThatBootsDefaultBuilderFollowsRedirectsWithTheHeader() {
        BOOT.run(context -> {
            RestClient plain = context.getBean(RestClient.Builder.class).build();

            assertThat(plain.get().uri(url("/api/moved")).header("Authorization", "Bearer x").retrieve().toBodilessEntity()
                    .getStatusCode().value()).isEqualTo(200);
            // the redirect was followed to the other origin; whether the header went along is the
            // JDK's choice (17 forwards it, 25 drops Authorization across origins): audguard's
            // integrations must keep the exchanged token from it either way
            assertThat(servers.elsewhere()).hasSize(1).first().isIn(Runtime.version().feature() < 25 ? List.of("Bearer x")
                    : List.of("Bearer x", "none"));
        });
    }

    @Test
    void restClientOnBootsDefaultBuilderNeverCarriesTheExchangedTokenAcrossARedirect() {
        BOOT.run(context -> {
            RestClient client = context.getBean(RestClient.Builder.class)
                    .requestInterceptor(new ExchangingClientHttpRequestInterceptor(downstream, alice)).build();

            assertTheTokenStayedWithTheTarget(client.get().uri(url("/api/moved")).retrieve().toBodilessEntity());
        });
    }

    @Test
    void theAutoConfiguredInterceptorsTransportKeepsBootsSettingsButNotItsRedirects() {
        BOOT.run(context -> {
            RestClient client = context.getBean(RestClient.Builder.class)
                    .requestInterceptor(new ExchangingClientHttpRequestInterceptor(downstream, alice,
                            AudguardExchangeAutoConfiguration.BootTransports.requestFactory(context)))
                    .build();

            assertTheTokenStayedWithTheTarget(client.get().uri(url("/api/moved")).retrieve().toBodilessEntity());
        });
    }

    @Test
    void webClientOnBootsDefaultBuilderNeverCarriesTheExchangedTokenAcrossARedirect() {
        BOOT.run(context -> {
            WebClient client = context.getBean(WebClient.Builder.class)
                    .filter(new ExchangingExchangeFilterFunction(downstream, alice)).build();

            assertTheTokenStayedWithTheTarget(client.get().uri(url("/api/moved")).retrieve().toBodilessEntity()
                    .block(Duration.ofSeconds(20)));
        });
    }

    @Test
    void theAutoConfiguredFiltersTransportKeepsBootsSettingsButNotItsRedirects() {
        BOOT.run(context -> {
            WebClient client = context.getBean(WebClient.Builder.class)
                    .filter(new ExchangingExchangeFilterFunction(downstream, alice,
                            AudguardExchangeAutoConfiguration.BootReactiveTransports.exchangeFunction(context)))
                    .build();

            assertTheTokenStayedWithTheTarget(client.get().uri(url("/api/moved")).retrieve().toBodilessEntity()
                    .block(Duration.ofSeconds(20)));
        });
    }

    @Test
    void theHarnessSeesThatBootsDefaultWebClientFollowsRedirects() {
        BOOT.run(context -> {
            WebClient plain = context.getBean(WebClient.Builder.class).build();

            assertThat(plain.get().uri(url("/api/moved")).header("Authorization", "Bearer x").retrieve().toBodilessEntity()
                    .block(Duration.ofSeconds(20)).getStatusCode().value()).isEqualTo(200);
            // the redirect was followed to the other origin; whether the header went along is the
            // JDK's choice (17 forwards it, 25 drops Authorization across origins): audguard's
            // integrations must keep the exchanged token from it either way
            assertThat(servers.elsewhere()).hasSize(1).first().isIn(Runtime.version().feature() < 25 ? List.of("Bearer x")
                    : List.of("Bearer x", "none"));
        });
    }
}
