package dev.audguard.conformance;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdapterConformanceBuilderTest {
    private static final URI URL = URI.create("http://127.0.0.1:1/orders");

    @Test
    void buildWithoutRealmUrlOrAudienceFails() {
        assertThatThrownBy(() -> AdapterConformance.builder().protectedUrl(URL).audience("a").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("realm");
        assertThatThrownBy(() -> AdapterConformance.builder().audience("a").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("realm");
    }

    @Test
    void eachOptionCanBeSetOnce() {
        assertThatThrownBy(() -> AdapterConformance.builder().audience("a").audience("b"))
                .isInstanceOf(IllegalStateException.class).hasMessage("audience is already set");
        assertThatThrownBy(() -> AdapterConformance.builder().protectedUrl(URL).protectedUrl(URL))
                .isInstanceOf(IllegalStateException.class).hasMessage("protectedUrl is already set");
        assertThatThrownBy(() -> AdapterConformance.builder().rightToken(r -> "x").rightToken(r -> "y"))
                .isInstanceOf(IllegalStateException.class).hasMessage("rightToken is already set");
        assertThatThrownBy(() -> AdapterConformance.builder().tokensForOtherServices(Map.of()).tokensForOtherServices(Map.of()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AdapterConformance.builder().skipRetiredKeyCase().skipRetiredKeyCase())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AdapterConformance.builder().clockSkew(Duration.ZERO).clockSkew(Duration.ZERO))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesUnusableValues() {
        assertThatThrownBy(() -> AdapterConformance.builder().protectedUrl("/orders"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdapterConformance.builder().protectedUrl("ftp://host/orders"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdapterConformance.builder().protectedUrl("http://host/orders?access_token=x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdapterConformance.builder().audience(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdapterConformance.builder().scopeRequiredAt(URL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdapterConformance.builder().scopeRequiredAt(URL, "a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdapterConformance.builder().clockSkew(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdapterConformance.builder().maxTokenSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdapterConformance.builder().requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
