package dev.audguard.testsupport.issuer;

import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

/**
 * "No token reaches the log", run by each adapter's {@code NoTokenInLogsIT}: with every audguard
 * logger at DEBUG, the adapter is sent a {@link LogLeakProbe} (accepted, refused and uncheckable
 * tokens); its log must tell the refusals by their reason codes and show none of the tokens, nor any
 * further secret the subclass names. A subclass hosts its adapter in {@link #exercise}.
 */
public abstract class NoTokenInLogsContract {
    /** The realm {@code demo} the adapter trusts. */
    @RegisterExtension
    protected static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();
    /** The realm whose keys the probe takes away. */
    @RegisterExtension
    protected static ReferenceIssuerExtension downIssuer = ReferenceIssuerExtension.builtInDemo();

    /** What the test logged. */
    @RegisterExtension
    protected final CapturedLog captured = new CapturedLog();

    /**
     * Starts the adapter trusting {@code demo} (and, for {@code probe.downToken()}, the validator
     * {@code probe.uncheckableValidator()}), sends {@code probe} with {@link LogLeakProbe#assertAnswers}
     * and whatever else the adapter does, and stops it.
     *
     * @return the secrets beyond the probe's tokens that must not be logged either
     */
    protected abstract List<String> exercise(RealmHandle demo, LogLeakProbe probe);

    @Test
    void tokensNeverReachTheLog() {
        List<String> secrets = new ArrayList<>();
        try (LogLeakProbe probe = LogLeakProbe.mint(issuer.realm("demo"), downIssuer.realm("demo"))) {
            secrets.addAll(exercise(issuer.realm("demo"), probe));
            secrets.addAll(probe.tokens());
            probe.assertRefusalsLogged(captured.text());
        }
        captured.assertNeverShows(secrets);
    }
}
