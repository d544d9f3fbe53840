package dev.audguard.servlet;

import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** In a real container, plain HTTP to an issuer that is not loopback stops the filter, naming the init parameter that allows it. */
class InsecureHttpInitParamIT {
    @RegisterExtension
    final CapturedLog captured = new CapturedLog();

    @Test
    void byDefaultAFilterWithAPlainHttpIssuerDoesNotServeAndNamesAllowInsecureHttp() {
        Map<String, String> params = Map.of("issuer", "http://keycloak.invalid:8080/realms/demo", "audience", "service-b");

        Throwable failure = null;
        int status = 0;
        try (JettyServer jetty = JettyServer.start(JettyServer.App.configuredBy("/app", params))) {
            status = Http.get(jetty.uri("/app/orders")).statusCode();
        } catch (IllegalStateException e) {
            failure = e;
        }

        String expected = "BearerTokenFilter audguard: init parameter issuer (http://keycloak.invalid:8080/realms/demo) "
                + "uses plain http to a host that is not loopback: keys would be fetched without TLS and could be "
                + "replaced on the way. Fix: use https, or, only on a network you trust, use init parameter "
                + "allow-insecure-http=true";
        String log = captured.text();
        assertThat(failure == null ? status : 503).as("nothing is served unprotected").isEqualTo(503);
        assertThat(failure == null ? log : log + messages(failure)).contains(expected);
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }
}
