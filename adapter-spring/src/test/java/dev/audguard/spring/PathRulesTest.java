package dev.audguard.spring;

import dev.audguard.core.AudienceRule;
import dev.audguard.core.Requirements;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathRulesTest {
    private static final Requirements REPORTS = Requirements.audience(AudienceRule.anyOf("reports-api"));
    private static final Requirements ADMIN = Requirements.scopes("admin");

    private final PathRules rules = PathRules.builder()
            .require("/reports/admin/**", ADMIN)
            .require("/reports/**", REPORTS)
            .build();

    @Test
    void theFirstMatchingRuleWins() {
        assertThat(rules.requirementsFor(request("/reports/admin/users"))).isEqualTo(ADMIN);
        assertThat(rules.requirementsFor(request("/reports/2026"))).isEqualTo(REPORTS);
        assertThat(rules.requirementsFor(request("/reports"))).isEqualTo(REPORTS);
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
