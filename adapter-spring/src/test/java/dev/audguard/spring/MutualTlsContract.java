package dev.audguard.spring;

import dev.audguard.core.binding.SenderConstraints;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.spring.SenderConstraintFixtures.MutualTlsStores;
import dev.audguard.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Supplier;

import static dev.audguard.spring.SenderConstraintFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The certificate-bound token cases (RFC 8705) both Spring stacks run over real mutual TLS, Spring
 * MVC on Tomcat ({@code MvcSenderConstraintsIT}) and WebFlux on Netty
 * ({@code ReactiveSenderConstraintsIT}): a service with {@link CertificateConstraints}, started once
 * for the class on the {@link MutualTlsStores}' {@code server.ssl.*}, whose {@code /api/data} answers
 * {@code data:} and the principal's name. A nested class of either test extends it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MutualTlsContract {
    protected MutualTlsStores stores;
    protected URI data;
    private ConfigurableApplicationContext context;
    private final Supplier<RealmHandle> realm;
    private final String audience;

    /** A service trusting {@code realm}'s tokens for {@code audience}. */
    protected MutualTlsContract(Supplier<RealmHandle> realm, String audience) {
        this.realm = realm;
        this.audience = audience;
    }

    /** Certificate-bound tokens, asked for with a {@link SenderConstraints} bean. */
    @Configuration(proxyBeanMethods = false)
    public static class CertificateConstraints {
        @Bean
        SenderConstraints senderConstraints() {
            return SenderConstraints.builder().certificateBound().build();
        }
    }

    /** Starts the service with {@link CertificateConstraints} and {@code serverProperties} (names and values in turn). */
    protected abstract ConfigurableApplicationContext start(List<String> serverProperties);

    @BeforeAll
    void startService() throws Exception {
        stores = new MutualTlsStores();
        context = start(stores.serverProperties());
        data = URI.create("https://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort() + "/api/data");
    }

    @AfterAll
    void stopService() throws Exception {
        if (context != null) {
            context.close();
        }
        if (stores != null) {
            stores.close();
        }
    }

    /** {@code GET /api/data} with {@code token} as a Bearer token, presenting {@code certificate} (none when null). */
    protected HttpResponse<String> call(TestCertificates.Issued certificate, String token) throws Exception {
        return send(stores.client(certificate), HttpRequest.newBuilder(data).GET().header("Authorization", "Bearer " + token));
    }

    /** A token for the service bound to {@code certificate}. */
    protected String boundTo(TestCertificates.Issued certificate) throws Exception {
        return SenderConstraintFixtures.boundToCertificate(realm.get(), audience, certificate);
    }

    @Test
    void aBoundTokenWithItsClientCertificateIsServed() throws Exception {
        HttpResponse<String> response = call(stores.alice(), boundTo(stores.alice()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("data:alice");
    }

    @Test
    void aBoundTokenWithAnotherClientCertificateIsRefused() throws Exception {
        HttpResponse<String> response = call(stores.bob(), boundTo(stores.alice()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("The access token is bound to another client certificate.");
    }

    @Test
    void aBoundTokenWithoutAClientCertificateIsRefused() throws Exception {
        HttpResponse<String> response = call(null, boundTo(stores.alice()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("The access token is bound to a client certificate and none was presented.");
    }

    @Test
    void anUnboundTokenNeedsNoCertificate() throws Exception {
        assertThat(call(null, SenderConstraintFixtures.unbound(realm.get(), audience)).statusCode()).isEqualTo(200);
    }
}
