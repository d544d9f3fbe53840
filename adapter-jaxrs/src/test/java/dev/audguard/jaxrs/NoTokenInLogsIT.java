package dev.audguard.jaxrs;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.issuer.LogLeakProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With every audguard logger at DEBUG, no token reaches the log: accepted, refused and uncheckable
 * tokens on the server side, subject and exchanged tokens (and the retry) on the client side.
 */
class NoTokenInLogsIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();
    @RegisterExtension
    static ReferenceIssuerExtension downIssuer = ReferenceIssuerExtension.builtInDemo();

    @RegisterExtension
    final CapturedLog captured = new CapturedLog();

    @Test
    void tokensNeverReachTheLog() {
        RealmHandle demo = issuer.realm("demo");
        LogLeakProbe probe = LogLeakProbe.mint(demo, downIssuer.realm("demo"));
        String good = probe.good();
        BearerTokenFeature uncheckable = BearerTokenFeature.builder(probe.uncheckableValidator()).build();

        ServiceC serviceC = new ServiceC(demo.issuerUrl());
        try (probe;
             TestServer c = JerseyServer.start(serviceC);
             ServiceB serviceB = new ServiceB(demo.issuerUrl(), c.uri("/"));
             TestServer b = JerseyServer.start(serviceB);
             TestServer d = JerseyServer.start(new RulesApp(uncheckable))) {
            probe.assertAnswers(b.uri("/calls/whoami"), d.uri("/orders"));
            serviceC.refuseNext.set(1);
            assertThat(Http.lines(Http.bearer(b.uri("/calls/flaky"), good))).containsEntry("status", "200");
            assertThat(Http.lines(Http.bearer(b.uri("/calls/forward-own-token"), good))).containsEntry("refused", "IllegalArgumentException");

            String log = captured.text();
            probe.assertRefusalsLogged(log);
            assertThat(log).contains("exchanging again for one retry");
            List<String> secrets = new ArrayList<>(probe.tokens());
            secrets.add("b-secret");
            serviceC.seen.forEach(t -> secrets.add(t.rawToken()));
            captured.assertNeverShows(secrets);
        }
    }
}
