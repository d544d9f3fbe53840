package dev.audguard.jaxrs;

import dev.audguard.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inbound path tricks, run on each framework by a subclass, against {@link RulesApp}: a class
 * {@code @PermitAll} resource with a {@code @RolesAllowed("viewer")} method ({@code /public/private}),
 * a {@code @PermitAll} method beside a {@code @RolesAllowed} one ({@code /orders/public},
 * {@code /orders/admin}). No spelling of a path reaches a protected method without a token, or
 * with a token without its role, and none is answered with a 500: the rule is the matched
 * method's own, so a path can only match that method (and get its rule) or match nothing.
 */
abstract class PathTricksContract extends RulesAppContract {
    private TestServer server;
    private String alice;

    @BeforeAll
    void startServer() {
        server = start(new RulesApp(BearerTokenFeature.builder(serviceBValidator()).rolesFromClient("reports-api").realm("demo").build()));
        alice = demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/public/private",
            "/public/private;v=1",
            "/public;v=1/private",
            "/public/private/",
            "/public/private.",
            "/public/private./",
            "/public/./private",
            "/public/x/../private",
            "/public/x/..;/private",
            "/public/x/%2e%2e/private",
            "/public/x/%2E%2E/private",
            "/public/x/%252e%252e/private",
            "/public%2fprivate",
            "/public%2Fprivate",
            "/public%5cprivate",
            "/public%5Cprivate",
            "//public/private",
            "/public//private",
            "/orders/admin",
            "/orders/public/..;/admin",
            "/orders/public/%2e%2e/admin",
            "/orders/public/%252e%252e/admin",
            "/orders/public;/../admin",
            "/orders/admin;jsessionid=x",
            "/orders/admin.",
            "/orders/%61dmin",
            "/orders//admin",
            "/orders/public%2f..%2fadmin"})
    void noSpellingReachesAProtectedMethodWithoutItsRule(String path) {
        HttpResponse<String> anonymous = Http.get(server.uri(path));
        HttpResponse<String> withoutRole = Http.bearer(server.uri(path), alice);

        for (HttpResponse<String> response : List.of(anonymous, withoutRole)) {
            assertThat(response.statusCode()).as(path).isIn(400, 401, 403, 404);
            assertThat(response.body()).as(path).doesNotContain("secret").doesNotContain("admin\n")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
