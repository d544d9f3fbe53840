package dev.audguard.servlet.internal;

import dev.audguard.core.AudienceRule;
import dev.audguard.core.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathRulesTest {
    private static final Requirements REPORTS = Requirements.audience(AudienceRule.anyOf("reports-api"));
    private static final Requirements ADMIN = Requirements.scopes("admin");
    private static final Requirements JSON = Requirements.scopes("json");

    private final PathRules rules = PathRules.builder()
            .add("/health", null)
            .add("/public/*", null)
            .add("/public/admin/*", ADMIN)
            .add("/reports/*", REPORTS)
            .add("/reports/summary", null)
            .add("*.json", JSON)
            .add("", null)
            .build();

    /** Servlet 6.0 section 12.1: exact, then longest prefix, then extension, then default. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/health, /health",
            "/health/x, /",
            "/healthz, /",
            "/public, /public/*",
            "/public/, /public/*",
            "/public/page, /public/*",
            "/publicity, /",
            "/public/admin, /public/admin/*",
            "/public/admin/users, /public/admin/*",
            "/reports/summary, /reports/summary",
            "/reports/summary/2026, /reports/*",
            "/reports/x.json, /reports/*",
            "/orders/x.json, *.json",
            "/orders.json/x, /",
            "/orders/x.JSON, /",
            "/orders/xjson, /",
            "/, ''",
            "/orders, /"
    })
    void matchesAsAServletContainerMapsPatterns(String path, String expectedPattern) {
        assertThat(rules.match(path, null).pattern()).isEqualTo(expectedPattern);
    }

    @Test
    void matchesTheJoinedServletPathAndPathInfo() {
        assertThat(rules.match("/reports", "/summary").pattern()).isEqualTo("/reports/summary");
        assertThat(rules.match("", "/reports/summary").pattern()).isEqualTo("/reports/summary");
        assertThat(rules.match("/re", "ports/summary").pattern()).isEqualTo("/reports/summary");
        assertThat(rules.match("/public", null).pattern()).isEqualTo("/public/*");
        assertThat(rules.match("/public", "/admin").pattern()).isEqualTo("/public/admin/*");
        assertThat(rules.match("/pub", "lic").pattern()).isEqualTo("/public/*");
        assertThat(rules.match("/orders", "/a.json").pattern()).isEqualTo("*.json");
        assertThat(rules.match("/a.json", "/x").pattern()).isEqualTo("/");
        assertThat(rules.match(null, null).pattern()).isEqualTo("/");
        assertThat(rules.match("", "/").pattern()).isEqualTo("");
    }

    @Test
    void byDefaultUnmatchedPathsAreProtectedByTheValidatorsPolicy() {
        PathRules.Rule rule = rules.match("/orders", null);

        assertThat(rule.unprotected()).isFalse();
        assertThat(rule.requirements()).isEqualTo(Requirements.none());
    }

    @Test
    void explicitlyADefaultRuleDecidesForUnmatchedPaths() {
        PathRules open = PathRules.builder().add("/", null).add("/api/*", Requirements.none()).build();

        assertThat(open.match("/orders", null).unprotected()).isTrue();
        assertThat(open.match("/api/orders", null).unprotected()).isFalse();
    }

    @Test
    void rulesCarryTheirRequirements() {
        assertThat(rules.match("/reports/q", null).requirements()).isSameAs(REPORTS);
        assertThat(rules.match("/public/admin/q", null).requirements()).isSameAs(ADMIN);
        assertThat(rules.match("/health", null).unprotected()).isTrue();
    }

    @Test
    void requiredScopesAreEveryScopeAnyRuleRequires() {
        assertThat(rules.requiredScopes()).containsExactlyInAnyOrder("admin", "json");
    }

    @Test
    void aPatternCanHaveOneRule() {
        PathRules.Builder builder = PathRules.builder().add("/a/*", null);

        assertThatThrownBy(() -> builder.add("/a/*", Requirements.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/a/*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api/*", "/api*", "/a/*/b", "*.", "*.tar.gz", "*.a/b", "**", "/a b", "*/x", "/a/**"})
    void refusesWhatIsNotAServletUrlPattern(String pattern) {
        assertThatThrownBy(() -> PathRules.checkPattern(pattern)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "", "/*", "/a", "/a/*", "*.json", "/a/b.c"})
    void acceptsServletUrlPatterns(String pattern) {
        assertThat(PathRules.checkPattern(pattern)).isEqualTo(pattern);
    }
}
