package dev.audguard.mcp;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperationScopesTest {
    private final OperationScopes scopes = OperationScopes.builder()
            .always("mcp")
            .method("tools/call", "tools")
            .tool("refund_order", "orders:refund")
            .prompt("summary", "prompts:read")
            .resource("file:///orders.csv", "files:read")
            .implies("orders", "orders:read", "orders:refund")
            .implies("admin", "orders")
            .build();

    @Test
    void requiredForAToolCallIsAlwaysPlusMethodPlusTool() {
        assertThat(scopes.requiredFor(McpCall.request("tools/call", "refund_order")))
                .containsExactly("mcp", "orders:refund", "tools");
        assertThat(scopes.requiredFor(McpCall.request("tools/call", "get_order"))).containsExactly("mcp", "tools");
        assertThat(scopes.requiredFor(McpCall.request("prompts/get", "summary"))).containsExactly("mcp", "prompts:read");
        assertThat(scopes.requiredFor(McpCall.request("resources/read", "file:///orders.csv"))).containsExactly("files:read", "mcp");
        assertThat(scopes.requiredFor(McpCall.request("tools/list", null))).containsExactly("mcp");
    }

    @Test
    void notificationsAndResponsesNeedOnlyTheAlwaysAndMethodScopes() {
        assertThat(scopes.requiredFor(new McpCall(McpCall.Kind.NOTIFICATION, Optional.of("notifications/initialized"), Optional.empty())))
                .containsExactly("mcp");
        assertThat(scopes.requiredFor(new McpCall(McpCall.Kind.RESPONSE, Optional.empty(), Optional.empty()))).containsExactly("mcp");
    }

    @Test
    void missingWhenAParentScopeIsGrantedThenItsChildrenAreGrantedTransitively() {
        Set<String> required = Set.of("mcp", "tools", "orders:refund");
        assertThat(scopes.missing(List.of("mcp", "tools", "orders"), required)).isEmpty();
        assertThat(scopes.missing(List.of("mcp", "tools", "admin"), required)).isEmpty();
    }

    @Test
    void missingWhenOnlyAChildIsGrantedThenTheParentIsNot() {
        assertThat(scopes.missing(List.of("orders:read"), Set.of("orders"))).containsExactly("orders");
    }

    @Test
    void missingListsEveryMissingScopeSoOneChallengeCanNameThemAll() {
        assertThat(scopes.missing(List.of("mcp"), Set.of("mcp", "tools", "orders:refund"))).containsExactly("orders:refund", "tools");
    }

    @Test
    void scopesAreComparedExactlyNotByPrefix() {
        OperationScopes plain = OperationScopes.builder().tool("t", "orders:read").build();
        assertThat(plain.missing(List.of("orders"), Set.of("orders:read"))).containsExactly("orders:read");
        assertThat(plain.missing(List.of("orders:read:all"), Set.of("orders:read"))).containsExactly("orders:read");
    }

    @Test
    void cyclesInTheHierarchyDoNotLoop() {
        OperationScopes cyclic = OperationScopes.builder().implies("a", "b").implies("b", "a").build();
        assertThat(cyclic.missing(List.of("a"), Set.of("a", "b"))).isEmpty();
    }

    @Test
    void allListsEveryScopeForTheMetadata() {
        assertThat(scopes.all()).containsExactly("admin", "files:read", "mcp", "orders", "orders:read", "orders:refund",
                "prompts:read", "tools");
    }

    @Test
    void builderRefusesRepeatsBlanksAndNonScopeTokens() {
        assertThatThrownBy(() -> OperationScopes.builder().tool("t", "a").tool("t", "b")).isInstanceOf(IllegalStateException.class)
                .hasMessage("tool \"t\" is already set");
        assertThatThrownBy(() -> OperationScopes.builder().tool("t", "has space")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an OAuth scope token");
        assertThatThrownBy(() -> OperationScopes.builder().tool("t")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tool \"t\" needs at least one scope");
    }
}
