package dev.audguard.issuer;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferenceIssuerBuilderTest {

    @Test
    void eachOptionCanBeSetOnce() {
        ReferenceIssuer.Builder builder = ReferenceIssuer.builder().port(0).host("127.0.0.1");

        assertThatThrownBy(() -> builder.port(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.host("localhost")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsUnusableValuesAtTheCall() {
        assertThatThrownBy(() -> ReferenceIssuer.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReferenceIssuer.builder().contextPath("/a?b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReferenceIssuer.builder().realm(Realm.builtInDemo()).realm(Realm.builtInDemo()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.status(99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.slow(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.down().times(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void realmsLoadFromClasspathAndFailClearlyWhenMissing() {
        assertThat(Realm.fromClasspath(Realm.DEMO_RESOURCE).name()).isEqualTo("demo");
        assertThatThrownBy(() -> Realm.fromClasspath("nope.json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builtRealmsReferToTheirPartsByName() {
        assertThatThrownBy(() -> Realm.builder("r").user("u", u -> u.clientRoles("ghost", "x")).build())
                .isInstanceOfSatisfying(RealmFormatException.class, e -> {
                    assertThat(e.jsonPath()).isEqualTo("$.users[0].clientRoles.ghost");
                    assertThat(e.line()).as("built from maps, never from JSON text").isZero();
                });
        assertThat(Realm.builder("r").client("c", c -> c.serviceAccount()).build().usernames())
                .containsExactly("service-account-c");
    }

    @Test
    void tokenResponseToStringShowsNoToken() {
        TokenResponse r = new TokenResponse(java.util.Map.of("access_token", "eyJsecret", "token_type", "Bearer",
                "expires_in", 300L, "refresh_token", "eyJrefresh"));

        assertThat(r.toString()).doesNotContain("eyJ");
    }
}
