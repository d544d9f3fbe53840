package dev.audguard.spring;

import dev.audguard.spring.server.PathRules;
import dev.audguard.core.AudienceRule;
import dev.audguard.core.Requirements;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class PathRulesTest {
    private static final Requirements REPORTS = Requirements.audience(AudienceRule.anyOf("reports-api"));
    private static final Requirements ADMIN = Requirements.scopes("admin");

    // the broad rule first: with "first match wins" it would hide the admin rule
    private final PathRules rules = PathRules.builder()
            .require("/reports/**", REPORTS)
            .require("/reports/admin/**", ADMIN)
            .build();

    @Test
    void theMostSpecificMatchingRuleWinsWhateverTheOrder() {
        assertThat(rules.requirementsFor(request("/reports/admin/users"))).isEqualTo(ADMIN);
        assertThat(rules.requirementsFor(request("/reports/2026"))).isEqualTo(REPORTS);
        assertThat(rules.requirementsFor(request("/reports"))).isEqualTo(REPORTS);
        assertThat(rules.rules()).containsExactly(entry("/reports/admin/**", ADMIN), entry("/reports/**", REPORTS));
    }

    @Test
    void aLiteralSegmentBeatsAVariableAndAVariableBeatsADoubleWildcard() {
        PathRules ranked = PathRules.builder()
                .require("/orders/**", REPORTS)
                .require("/orders/{id}", Requirements.scopes("orders:read"))
                .require("/orders/export", ADMIN)
                .build();

        assertThat(ranked.requirementsFor(request("/orders/export"))).isEqualTo(ADMIN);
        assertThat(ranked.requirementsFor(request("/orders/42"))).isEqualTo(Requirements.scopes("orders:read"));
        assertThat(ranked.requirementsFor(request("/orders/42/lines"))).isEqualTo(REPORTS);
    }

    @Test
    void twoEquallySpecificPatternsThatCanMatchOnePathAreRefused() {
        assertThatThrownBy(() -> PathRules.builder().require("/a/*", ADMIN).require("/*/b", REPORTS).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the patterns /a/* and /*/b are equally specific and can match the same path, so neither can win");
        assertThatThrownBy(() -> PathRules.builder().require("/orders/{id}", ADMIN).require("/orders/{number}", REPORTS).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equallySpecificPatternsThatNeverMatchOnePathAreAccepted() {
        PathRules disjoint = PathRules.builder().require("/a/*", ADMIN).require("/b/*", REPORTS)
                .require("/c/{id}", ADMIN).require("/c/{id}/{line}", REPORTS).build();

        assertThat(disjoint.requirementsFor(request("/a/1"))).isEqualTo(ADMIN);
        assertThat(disjoint.requirementsFor(request("/b/1"))).isEqualTo(REPORTS);
        assertThat(disjoint.requirementsFor(request("/c/1/2"))).isEqualTo(REPORTS);
    }

    @Test
    void unmatchedPathsGetTheValidatorsPolicy() {
        assertThat(rules.requirementsFor(request("/orders"))).isEqualTo(Requirements.none());
        assertThat(rules.requirementsFor(request("/reportsx"))).isEqualTo(Requirements.none());
    }

    @Test
    void answersForTheRequestBoundToTheThread() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request("/reports/2026")));
        try {
            assertThat(rules.get()).isEqualTo(REPORTS);
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
        assertThat(rules.get()).isEqualTo(Requirements.none());
    }

    @Test
    void aPatternHasOneRule() {
        assertThatThrownBy(() -> PathRules.builder().require("/a/**", ADMIN).require("/a/**", REPORTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static MockHttpServletRequest request(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        return request;
    }
}
