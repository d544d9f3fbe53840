package dev.audguard.servlet;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.issuer.LogLeakProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With every audguard logger at DEBUG, accepted, refused and uncheckable tokens never reach the log. */
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
        BearerTokenFilter filter = BearerTokenFilter.builder(
                TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build()).build();
        LogLeakProbe probe = LogLeakProbe.mint(demo, downIssuer.realm("demo"));
        BearerTokenFilter uncheckable = BearerTokenFilter.builder(probe.uncheckableValidator()).build();

        try (probe; JettyServer jetty = JettyServer.start(JettyServer.App.of("/app", filter), JettyServer.App.of("/down", uncheckable))) {
            probe.assertAnswers(jetty.uri("/app/orders"), jetty.uri("/down/orders"));
        }

        probe.assertRefusalsLogged(captured.text());
        captured.assertNeverShows(probe.tokens());
    }
}
