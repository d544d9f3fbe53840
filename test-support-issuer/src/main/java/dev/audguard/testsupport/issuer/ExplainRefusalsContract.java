package dev.audguard.testsupport.issuer;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An adapter set to explain its refusals at WARN, run by each adapter's {@code ExplainRefusalsIT}:
 * sent service-b's own token where the audience {@code service-b} is required (401,
 * {@code audience_mismatch}), it logs one WARN line naming the token's issuer and {@code azp} beside
 * what was expected, and never the token. A subclass hosts its adapter in {@link #send}.
 */
public abstract class ExplainRefusalsContract {
    /** The realm {@code demo} the adapter trusts. */
    @RegisterExtension
    protected static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    /** What the test logged. */
    @RegisterExtension
    protected final CapturedLog captured = new CapturedLog();

    /**
     * Starts the adapter trusting {@code demo} for the audience {@code service-b}, set to explain its
     * refusals, sends {@code token} to a protected path over real HTTP, and stops it.
     *
     * @return the status it answered
     */
    protected abstract int send(RealmHandle demo, String token);

    @Test
    void explicitlyExplainedRefusalsNameTheTokensAudienceBesideTheExpectedOne() {
        RealmHandle demo = issuer.realm("demo");
        String foreign = demo.clientCredentials("service-b", "b-secret").accessToken();

        assertThat(send(demo, foreign)).isEqualTo(401);

        assertThat(captured.linesContaining("WARN", "Token refused"))
                .singleElement().satisfies(line -> assertThat(line)
                        .contains("Token refused (audience_mismatch): token iss=" + demo.issuerUrl())
                        .contains("azp=service-b")
                        .contains("expected iss one of [" + demo.issuerUrl() + "], aud one of [service-b]"));
        captured.assertNeverShows(List.of(foreign));
    }
}
