package dev.audguard.testsupport.issuer;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.Fault;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.testsupport.Http;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tokens a "no token in the logs" test sends to an adapter whose audience is {@code service-b},
 * minted by two built-in demo realms: {@code good} is alice's token (accepted), {@code foreign}
 * service-b's own token (refused: {@code audience_mismatch}), {@code forged} a token signed by an
 * unknown key under the active key's {@code kid} (refused), and {@code downToken} alice's token from
 * the realm {@code down}, whose discovery and JWKS fail until {@link #close()} ({@code keys_unavailable},
 * 503). The test sends them with {@link #assertAnswers}, then asserts that none of {@link #tokens()}
 * reached the captured log. Not thread-safe: one per test.
 */
public record LogLeakProbe(RealmHandle down, String good, String foreign, String forged, String downToken)
        implements AutoCloseable {
    /** Mints the tokens from {@code demo} and {@code down}, then takes {@code down}'s keys away. */
    public static LogLeakProbe mint(RealmHandle demo, RealmHandle down) {
        String good = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        String foreign = demo.clientCredentials("service-b", "b-secret").accessToken();
        String forged = demo.mint().audience("service-b").signedWithUnknownKey().keyId(demo.keys().activeKeyId()).sign();
        String downToken = down.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        down.faults().jwks(Fault.down()).discovery(Fault.down());
        return new LogLeakProbe(down, good, foreign, forged, downToken);
    }

    /** A validator for {@code service-b} trusting only the realm whose keys cannot be fetched. */
    public TokenValidator uncheckableValidator() {
        return TokenValidator.builder().issuer(down.issuerUrl()).audience("service-b").build();
    }

    /**
     * Sends the probe to an adapter over real HTTP and asserts its answers: {@code good} 200,
     * {@code foreign} and {@code forged} 401, {@code good} in the query or beside a second
     * {@code Authorization} header 400 (both {@code invalid_request}), and {@code downToken} at
     * {@code uncheckableUrl} 503.
     */
    public void assertAnswers(URI protectedUrl, URI uncheckableUrl) {
        assertThat(Http.bearer(protectedUrl, good).statusCode()).isEqualTo(200);
        assertThat(Http.bearer(protectedUrl, foreign).statusCode()).isEqualTo(401);
        assertThat(Http.bearer(protectedUrl, forged).statusCode()).isEqualTo(401);
        assertThat(Http.get(URI.create(protectedUrl + "?access_token=" + good)).statusCode()).isEqualTo(400);
        assertThat(Http.get(protectedUrl, "Bearer " + good, "Bearer " + foreign).statusCode()).isEqualTo(400);
        assertThat(Http.bearer(uncheckableUrl, downToken).statusCode()).isEqualTo(503);
    }

    /** Asserts that {@code log} tells the three refusals {@link #assertAnswers} caused by their reason codes. */
    public void assertRefusalsLogged(String log) {
        assertThat(log).contains("Request refused: audience_mismatch").contains("Request refused: invalid_request")
                .contains("Request refused: keys_unavailable");
    }

    /** Every token above, for {@code CapturedLog.assertNeverShows}. */
    public List<String> tokens() {
        return List.of(good, foreign, forged, downToken);
    }

    /** Gives the second realm its keys back. */
    @Override
    public void close() {
        down.faults().clear();
    }
}
