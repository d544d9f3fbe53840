package dev.audguard.testsupport.issuer;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.Fault;
import dev.audguard.issuer.RealmHandle;

import java.util.List;

/**
 * The tokens a "no token in the logs" test sends to an adapter whose audience is {@code service-b},
 * minted by two built-in demo realms: {@code good} is alice's token (accepted), {@code foreign}
 * service-b's own token (refused: {@code audience_mismatch}), {@code forged} a token signed by an
 * unknown key under the active key's {@code kid} (refused), and {@code downToken} alice's token from
 * the realm {@code down}, whose discovery and JWKS fail until {@link #close()} ({@code keys_unavailable},
 * 503). The test then asserts that none of {@link #tokens()} reached the captured log. Not thread-safe:
 * one per test.
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
