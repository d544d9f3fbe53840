package dev.audguard.spring;

import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ServiceB}'s path rules over real HTTP (embedded Tomcat): the most specific rule wins, and
 * no spelling of a protected path reaches its handler without that path's requirements.
 */
class PathRulesIT extends ServiceBTestBase implements PathSpellingsContract {
    @Override
    public URI at(String path) {
        return uri(path);
    }

    @Override
    public String tokenWithoutTheAdminScopes() {
        return alice();
    }

    private static String reportsToken(String scope) {
        var mint = TestIssuers.demo().mint().subject("bob").audience("reports-api");
        return (scope == null ? mint : mint.scope(scope)).sign();
    }

    @Test
    void aMoreSpecificRuleListedAfterABroaderOneIsEnforced() {
        HttpResponse<String> withoutAdmin = Http.bearer(uri("/reports/admin/users"), reportsToken(null));

        assertThat(withoutAdmin.statusCode()).isEqualTo(403);
        assertThat(withoutAdmin.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c)
                .contains("error=\"insufficient_scope\"").contains("scope=\"admin\""));
        assertThat(Http.bearer(uri("/reports/admin/users"), reportsToken("admin")).statusCode()).isEqualTo(200);
        assertThat(Http.bearer(uri("/reports/summary"), reportsToken(null)).statusCode()).isEqualTo(200);
    }

    @Test
    void theRuleIsMetOnThePlainSpelling() {
        String withScopes = TestIssuers.demo().mint().subject("alice").audience("service-b").scope("admin audit").sign();

        assertThat(Http.bearer(uri("/admin/report"), withScopes).body()).isEqualTo("admin");
    }
}
