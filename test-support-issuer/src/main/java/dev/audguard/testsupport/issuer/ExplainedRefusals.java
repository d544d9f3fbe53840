package dev.audguard.testsupport.issuer;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.CapturedLog;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check of an adapter set to explain its refusals at WARN, sent service-b's own token where the
 * audience {@code service-b} is required but the realm's service-b token names another: one WARN line
 * names the token's issuer and {@code azp} beside what was expected, and the token itself is never
 * logged. Stateless; thread-safe.
 */
public final class ExplainedRefusals {
    private ExplainedRefusals() {
    }

    /** service-b's own client-credentials token from {@code demo}, refused with {@code audience_mismatch}. */
    public static String foreignToken(RealmHandle demo) {
        return demo.clientCredentials("service-b", "b-secret").accessToken();
    }

    /** Asserts that {@code captured} explains the refusal of {@code foreign} once at WARN, and never shows it. */
    public static void assertExplainedOnce(CapturedLog captured, RealmHandle demo, String foreign) {
        assertThat(captured.linesContaining("WARN", "Token refused"))
                .singleElement().satisfies(line -> assertThat(line)
                        .contains("Token refused (audience_mismatch): token iss=" + demo.issuerUrl())
                        .contains("azp=service-b")
                        .contains("expected iss one of [" + demo.issuerUrl() + "], aud one of [service-b]"));
        captured.assertNeverShows(List.of(foreign));
    }
}
