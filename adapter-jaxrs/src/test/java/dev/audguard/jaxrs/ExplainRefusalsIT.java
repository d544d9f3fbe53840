package dev.audguard.jaxrs;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.issuer.ExplainedRefusals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** BearerTokenFeature.Builder.explainRefusalsAtWarn(): a refused token is explained at WARN on Jersey, the token never logged. */
class ExplainRefusalsIT {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @RegisterExtension
    final CapturedLog captured = new CapturedLog();

    @Test
    void explicitlyExplainedRefusalsNameTheTokensAudienceBesideTheExpectedOne() {
        RealmHandle demo = issuer.realm("demo");
        String foreign = ExplainedRefusals.foreignToken(demo);
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build();
        BearerTokenFeature feature = BearerTokenFeature.builder(validator).explainRefusalsAtWarn().build();

        try (TestServer server = JerseyServer.start(new RulesApp(feature))) {
            assertThat(Http.bearer(server.uri("/orders"), foreign).statusCode()).isEqualTo(401);
        }

        ExplainedRefusals.assertExplainedOnce(captured, demo, foreign);
    }
}
