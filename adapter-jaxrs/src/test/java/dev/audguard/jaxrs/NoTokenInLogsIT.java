package dev.audguard.jaxrs;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.issuer.LogLeakProbe;
import dev.audguard.testsupport.issuer.NoTokenInLogsContract;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With every audguard logger at DEBUG, no token reaches the log: accepted, refused and uncheckable
 * tokens on the server side, subject and exchanged tokens (and the retry) on the client side.
 */
class NoTokenInLogsIT extends NoTokenInLogsContract {
    @Override
    protected List<String> exercise(RealmHandle demo, LogLeakProbe probe) {
        BearerTokenFeature uncheckable = BearerTokenFeature.builder(probe.uncheckableValidator()).build();
        ServiceC serviceC = new ServiceC(demo.issuerUrl());
        try (TestServer c = JerseyServer.start(serviceC);
             ServiceB serviceB = new ServiceB(demo.issuerUrl(), c.uri("/"));
             TestServer b = JerseyServer.start(serviceB);
             TestServer d = JerseyServer.start(new RulesApp(uncheckable))) {
            probe.assertAnswers(b.uri("/calls/whoami"), d.uri("/orders"));
            serviceC.refuseNext.set(1);
            assertThat(Http.lines(Http.bearer(b.uri("/calls/flaky"), probe.good()))).containsEntry("status", "200");
            assertThat(Http.lines(Http.bearer(b.uri("/calls/forward-own-token"), probe.good())))
                    .containsEntry("refused", "IllegalArgumentException");

            assertThat(captured.text()).contains("exchanging again for one retry");
            List<String> secrets = new ArrayList<>(List.of("b-secret"));
            serviceC.seen.forEach(t -> secrets.add(t.rawToken()));
            return secrets;
        }
    }
}
