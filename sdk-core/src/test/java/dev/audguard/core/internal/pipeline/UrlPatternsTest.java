package dev.audguard.core.internal.pipeline;

import dev.audguard.core.AudienceRule;
import dev.audguard.core.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Servlet URL-pattern semantics, in sdk-core for every adapter that takes URL patterns (moved from adapter-servlet). */
class UrlPatternsTest {
    private static final Requirements REPORTS = Requirements.audience(AudienceRule.anyOf("reports-api"));
    private static final Requirements ADMIN = Requirements.scopes("admin");
    private static final Requirements JSON = Requirements.scopes("json");

    private static final Requirements OPEN = Requirements.scopes("unprotected-marker");

    /** Added out of specificity order on purpose: the order of the calls must not matter. */
    private final UrlPatterns<Requirements> rules = UrlPatterns.<Requirements>builder()
            .add("*.json", JSON)
            .add("/public/*", OPEN)
            .add("/reports/summary", OPEN)
            .add("/health", OPEN)
            .add("/reports/*", REPORTS)
            .add("/public/admin/*", ADMIN)
            .add("", OPEN)
            .build(Requirements.none());

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
        assertThat(rules.match(path)).isSameAs(valueOf(expectedPattern));
    }

    private static Requirements valueOf(String pattern) {
        return switch (pattern) {
            case "/public/admin/*" -> ADMIN;
            case "/reports/*" -> REPORTS;
            case "*.json" -> JSON;
            case "/" -> Requirements.none();
            default -> OPEN;
        };
    }

    @Test
    void byDefaultUnmatchedPathsGetTheFallback() {
        assertThat(rules.match("/orders")).isSameAs(Requirements.none());
    }

    @Test
    void explicitlyADefaultRuleDecidesForUnmatchedPaths() {
        UrlPatterns<Requirements> open = UrlPatterns.<Requirements>builder().add("/", OPEN).add("/api/*", ADMIN)
                .build(Requirements.none());

        assertThat(open.match("/orders")).isSameAs(OPEN);
        assertThat(open.match("/api/orders")).isSameAs(ADMIN);
    }

    @Test
    void theLongestPrefixWinsWhateverTheOrder() {
        UrlPatterns<Requirements> a = UrlPatterns.<Requirements>builder().add("/api/*", OPEN).add("/api/admin/*", ADMIN)
                .build(Requirements.none());
        UrlPatterns<Requirements> b = UrlPatterns.<Requirements>builder().add("/api/admin/*", ADMIN).add("/api/*", OPEN)
                .build(Requirements.none());

        assertThat(a.match("/api/admin/users")).isSameAs(ADMIN);
        assertThat(b.match("/api/admin/users")).isSameAs(ADMIN);
        assertThat(a.match("/api/administrators")).isSameAs(OPEN);
    }

    @Test
    void aPatternCanHaveOneRule() {
        UrlPatterns.Builder<Requirements> builder = UrlPatterns.<Requirements>builder().add("/a/*", OPEN);

        assertThatThrownBy(() -> builder.add("/a/*", Requirements.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/a/*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api/*", "/api*", "/a/*/b", "*.", "*.tar.gz", "*.a/b", "**", "/a b", "*/x", "/a/**"})
    void refusesWhatIsNotAServletUrlPattern(String pattern) {
        assertThatThrownBy(() -> UrlPatterns.checkPattern(pattern)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "", "/*", "/a", "/a/*", "*.json", "/a/b.c"})
    void acceptsServletUrlPatterns(String pattern) {
        assertThat(UrlPatterns.checkPattern(pattern)).isEqualTo(pattern);
    }
}
