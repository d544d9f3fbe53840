package dev.audguard.servlet;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.issuer.LogLeakProbe;
import dev.audguard.testsupport.issuer.NoTokenInLogsContract;

import java.util.List;

/** With every audguard logger at DEBUG, accepted, refused and uncheckable tokens never reach the log. */
class NoTokenInLogsIT extends NoTokenInLogsContract {
    @Override
    protected List<String> exercise(RealmHandle demo, LogLeakProbe probe) {
        BearerTokenFilter filter = BearerTokenFilter.builder(
                TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build()).build();
        BearerTokenFilter uncheckable = BearerTokenFilter.builder(probe.uncheckableValidator()).build();
        try (JettyServer jetty = JettyServer.start(JettyServer.App.of("/app", filter), JettyServer.App.of("/down", uncheckable))) {
            probe.assertAnswers(jetty.uri("/app/orders"), jetty.uri("/down/orders"));
        }
        return List.of();
    }
}
