package dev.audguard.core;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtectedResourceMetadataTest {
    @Test
    void rendersRfc9728Json() {
        ProtectedResourceMetadata metadata = ProtectedResourceMetadata.of(URI.create("https://api.example.com/orders"),
                List.of("https://idp.example.com/realms/demo"), List.of("orders.read"));

        assertThat(metadata.toJson()).isEqualTo("{\"resource\":\"https://api.example.com/orders\","
                + "\"authorization_servers\":[\"https://idp.example.com/realms/demo\"],"
                + "\"bearer_methods_supported\":[\"header\"],\"scopes_supported\":[\"orders.read\"]}");
        assertThat(metadata.metadataUrl()).isEqualTo(URI.create("https://api.example.com/.well-known/oauth-protected-resource/orders"));
    }

    @Test
    void aResourceAtTheRootPublishesAtTheWellKnownPath() {
        ProtectedResourceMetadata metadata = ProtectedResourceMetadata.of(URI.create("https://api.example.com/"), List.of(), List.of());
        assertThat(metadata.metadataUrl()).isEqualTo(URI.create("https://api.example.com/.well-known/oauth-protected-resource"));
        assertThat(metadata.toJson()).doesNotContain("scopes_supported").doesNotContain("authorization_servers");
    }

    @Test
    void theResourceMustBeAbsoluteWithoutFragment() {
        assertThatThrownBy(() -> ProtectedResourceMetadata.of(URI.create("/orders"), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProtectedResourceMetadata.of(URI.create("https://a/b#c"), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
