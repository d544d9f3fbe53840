package dev.audguard.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AudienceRuleResourceUriTest {
    private final AudienceRule rule = AudienceRule.anyOfResourceUris("https://mcp.example.com/mcp", "mcp-server");

    @Test
    void byDefaultAudiencesAreComparedExactly() {
        assertThat(AudienceRule.anyOf("https://mcp.example.com/mcp").isSatisfiedBy(List.of("HTTPS://MCP.example.com/mcp/"))).isFalse();
    }

    @Test
    void inResourceUriModeTheCanonicalFormsAreCompared() {
        assertThat(rule.isSatisfiedBy(List.of("HTTPS://MCP.example.com:443/mcp/"))).isTrue();
        assertThat(rule.isSatisfiedBy(List.of("other", "https://mcp.example.com/mcp"))).isTrue();
        assertThat(rule.audiences()).containsExactlyInAnyOrder("https://mcp.example.com/mcp", "mcp-server");
    }

    @Test
    void inResourceUriModeOtherValuesAreStillComparedExactly() {
        assertThat(rule.isSatisfiedBy(List.of("mcp-server"))).isTrue();
        assertThat(rule.isSatisfiedBy(List.of("MCP-SERVER"))).isFalse();
        assertThat(rule.isSatisfiedBy(List.of("https://mcp.example.com/MCP"))).isFalse();
        assertThat(rule.isSatisfiedBy(List.of("https://mcp.example.com/mcp/tools"))).isFalse();
        assertThat(rule.isSatisfiedBy(List.of("http://mcp.example.com/mcp"))).isFalse();
        assertThat(rule.isSatisfiedBy(List.of())).isFalse();
    }

    @Test
    void resourceUriModeIsPartOfTheRuleIdentity() {
        assertThat(AudienceRule.anyOfResourceUris("a")).isNotEqualTo(AudienceRule.anyOf("a"));
    }
}
