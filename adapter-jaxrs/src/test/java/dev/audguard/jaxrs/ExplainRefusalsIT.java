package dev.audguard.jaxrs;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.issuer.ExplainRefusalsContract;

/** BearerTokenFeature.Builder.explainRefusalsAtWarn(): a refused token is explained at WARN on Jersey, the token never logged. */
class ExplainRefusalsIT extends ExplainRefusalsContract {
    @Override
    protected int send(RealmHandle demo, String token) {
        TokenValidator validator = TokenValidator.builder().issuer(demo.issuerUrl()).audience("service-b").build();
        BearerTokenFeature feature = BearerTokenFeature.builder(validator).explainRefusalsAtWarn().build();
        try (TestServer server = JerseyServer.start(new RulesApp(feature))) {
            return Http.bearer(server.uri("/orders"), token).statusCode();
        }
    }
}
