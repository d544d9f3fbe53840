package dev.audguard.exchange;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Path spellings that servers read differently never carry one target's token to another target's
 * path: each is read as the one path every server sees, or belongs to no target. No network (the
 * real-HTTP half is {@link DownstreamPathTricksIT}).
 */
class DownstreamPathTricksTest {
    private static final TokenExchangeClient EXCHANGE = TokenExchangeClient.builder().issuer("https://idp.invalid/realms/demo")
            .clientSecret("gateway", "g-secret").build();

    /** Two path-scoped targets on one gateway, as in the review's finding. */
    private static final DownstreamAuthorizer GATEWAY = DownstreamAuthorizer.builder(EXCHANGE)
            .target("orders", "https://gw.example.com/orders", t -> t.audience("orders"))
            .target("payments", "https://gw.example.com/payments", t -> t.audience("payments"))
            .build();

    /** The same, with a host-wide target that must not catch what the path targets refuse. */
    private static final DownstreamAuthorizer WITH_ROOT = DownstreamAuthorizer.builder(EXCHANGE)
            .target("gateway", "https://gw.example.com/", t -> t.audience("gateway"))
            .target("orders", "https://gw.example.com/orders", t -> t.audience("orders"))
            .target("payments", "https://gw.example.com/payments", t -> t.audience("payments"))
            .build();

    private static String targetOf(DownstreamAuthorizer authorizer, String url) {
        return authorizer.targetFor(URI.create(url)).map(DownstreamTarget::name).orElse(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/orders/%2e%2e/payments/charge",        // the finding: Tomcat lands on /payments/charge
            "/orders/%2E%2E/payments/charge",        // mixed case
            "/orders/%2e%2E/payments/charge",
            "/orders/.%2e/payments/charge",
            "/orders/%2e./payments/charge",
            "/orders/%2e/charge",                    // an encoded single dot
            "/orders/..;/payments/charge",           // Tomcat drops the parameter, then climbs
            "/orders/..;x=1/payments/charge",
            "/orders/.;/charge",
            "/orders;v=1/7",                          // ; parameters
            "/orders/7;jsessionid=abc",
            "/orders/..%3B/payments/charge",          // an encoded parameter
            "/orders%2f..%2fpayments/charge",         // encoded slashes
            "/orders/..%2Fpayments/charge",
            "/orders/..%5cpayments/charge",           // encoded backslashes
            "/orders/..%5C..%5Cpayments/charge",
            "/orders/%252e%252e/payments/charge",     // double encoding
            "/orders/%252E%252E/payments/charge",
            "/orders/%25%32%65%25%32%65/payments/charge",
            "//payments/charge",                      // empty segments
            "/orders//../payments/charge",
            "/orders//7",
            "/orders./7",                             // trailing dots
            "/orders/7.",
            "/orders/.../payments/charge",
            "/orders/%00/7",                          // an encoded control character
            "/../orders/7",                           // climbing above the root
    })
    void byDefaultRefusesPathsServersReadDifferently(String path) {
        String url = "https://gw.example.com" + path;

        assertThat(targetOf(GATEWAY, url)).as(url).isNull();
        assertThat(targetOf(WITH_ROOT, url)).as(url).isNull();
        assertThatThrownBy(() -> GATEWAY.authorizeAsync(URI.create(url), SubjectToken.of("subject")))
                .isInstanceOf(UnknownDownstreamException.class)
                .hasMessageNotContaining("subject");
    }

    @ParameterizedTest
    @CsvSource({
            "https://gw.example.com/orders/../payments/charge, payments",
            "https://gw.example.com/orders/7/../../payments/charge, payments",
            "https://gw.example.com/orders/./7, orders",
            "https://gw.example.com/%6Frders/7, orders",
            "https://gw.example.com/%6frders/7, orders",
            "https://gw.example.com/%70%61%79%6D%65%6E%74%73/charge, payments",
            "https://gw.example.com/orders/%7Ealice, orders",
            "https://gw.example.com/orders/a%20b, orders",
            "https://gw.example.com/orders/v1.2/x, orders",
            "https://gw.example.com/orders/100%25, orders",
            "https://gw.example.com./orders/7, orders",
            "https://gw.example.com/orders/, orders"})
    void readsUnambiguousSpellingsAsThePathEveryServerSees(String url, String target) {
        assertThat(targetOf(GATEWAY, url)).as(url).isEqualTo(target);
    }

    @Test
    void aPathThatClimbsOutOfATargetIsTheRootTargets() {
        assertThat(targetOf(WITH_ROOT, "https://gw.example.com/orders/../other")).isEqualTo("gateway");
    }

    @Test
    void encodedSpellingsOfOneNameAreOneTarget() {
        DownstreamAuthorizer authorizer = DownstreamAuthorizer.builder(EXCHANGE)
                .target("orders", "https://gw.example.com/%6Frders", t -> t.audience("orders"))
                .build();

        assertThat(targetOf(authorizer, "https://gw.example.com/orders/7")).isEqualTo("orders");
        assertThatThrownBy(() -> DownstreamAuthorizer.builder(EXCHANGE)
                .target("a", "https://gw.example.com/orders", t -> t.audience("a"))
                .target("b", "https://gw.example.com/%6frders/", t -> t.audience("b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same base URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orders/%2e%2e/payments", "/orders;v=1", "/orders%2Fv1", "/orders/%5C", "/orders/%252e", "/orders//v1",
            "/orders."})
    void refusesBaseUrlsServersReadDifferently(String path) {
        assertThatThrownBy(() -> DownstreamAuthorizer.builder(EXCHANGE)
                .target("orders", "https://gw.example.com" + path, t -> t.audience("orders")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must have one meaning on every server");
    }
}
