package dev.audguard.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceUriTest {
    private final ResourceUri mcp = ResourceUri.of("https://mcp.example.com/mcp");

    @ParameterizedTest
    @ValueSource(strings = {"https://mcp.example.com/mcp", "HTTPS://mcp.example.com/mcp", "https://MCP.Example.COM/mcp",
            "https://mcp.example.com:443/mcp", "https://mcp.example.com/mcp/"})
    void matchesWhenTheSameResourceIsSpelledDifferentlyThenAccepts(String spelling) {
        assertThat(mcp.matches(spelling)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://mcp.example.com/MCP", "https://mcp.example.com/mcp/tools", "https://mcp.example.com",
            "http://mcp.example.com/mcp", "https://mcp.example.com:8443/mcp", "https://evil.example.com/mcp",
            "https://mcp.example.com.evil.example/mcp", "https://user@mcp.example.com/mcp", "https://mcp.example.com/mcp#x",
            "mcp", "", "service-b", "https://mcp.example.com/mcp?x=1"})
    void matchesWhenAnotherResourceThenRefuses(String other) {
        assertThat(mcp.matches(other)).isFalse();
    }

    @Test
    void ofCanonicalisesSchemeHostPortAndTrailingSlash() {
        assertThat(ResourceUri.of("HTTPS://MCP.example.com:443/mcp/").toString()).isEqualTo("https://mcp.example.com/mcp");
        assertThat(ResourceUri.of("http://127.0.0.1:8080/mcp").toString()).isEqualTo("http://127.0.0.1:8080/mcp");
        assertThat(ResourceUri.of("https://mcp.example.com").path()).isEmpty();
        assertThat(ResourceUri.of("https://mcp.example.com:8443/a/mcp").origin()).isEqualTo("https://mcp.example.com:8443");
    }

    @Test
    void loopbackNamesAreDifferentResources() {
        // the MCP TypeScript SDK refuses metadata whose resource is not of the server URL's origin
        assertThat(ResourceUri.of("http://127.0.0.1:8080/mcp").matches("http://localhost:8080/mcp")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://mcp.example.com/mcp", "mcp", "/mcp", "https://mcp.example.com/mcp#f", "ftp://mcp.example.com/mcp",
            "https://u:p@mcp.example.com/mcp"})
    void ofWhenNotAResourceUriThenFailsNamingTheValue(String value) {
        assertThatThrownBy(() -> ResourceUri.of(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + value + "\"").hasMessageContaining("https://mcp.example.com/mcp");
    }
}
