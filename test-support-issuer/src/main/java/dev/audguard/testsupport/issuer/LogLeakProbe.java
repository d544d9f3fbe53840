package dev.audguard.testsupport.issuer;

import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.Fault;
import dev.audguard.issuer.RealmHandle;

import java.util.List;

/**
 * The tokens a "no token in the logs" test sends to an adapter whose audience is {@code service-b},
 * minted by two built-in demo realms: alice's token (accepted), service-b's own token (refused:
 * {@code audience_mismatch}), a token signed by an unknown key under the active key's {@code kid}
 * (refused), and alice's token from a second realm whose discovery and JWKS are made to fail
 * ({@code keys_unavailable}, 503) until {@link #close()}. The test then asserts that none of
 * {@link #tokens()} reached the captured log. Not thread-safe: one per test.
 */
public final class LogLeakProbe implements AutoCloseable {
    private final RealmHandle down;
    private final String good;
    private final String foreign;
    private final String forged;
    private final String downToken;

    private LogLeakProbe(RealmHandle down, String good, String foreign, String forged, String downToken) {
        this.down = down;
        this.good = good;
        this.foreign = foreign;
        this.forged = forged;
        this.downToken = downToken;
    }

    /** Mints the tokens from {@code demo} and {@code down}, then takes {@code down}'s keys away. */
    public static LogLeakProbe mint(RealmHandle demo, RealmHandle down) {
        String good = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        String foreign = demo.clientCredentials("service-b", "b-secret").accessToken();
        String forged = demo.mint().audience("service-b").signedWithUnknownKey().keyId(demo.keys().activeKeyId()).sign();
        String downToken = down.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        down.faults().jwks(Fault.down()).discovery(Fault.down());
        return new LogLeakProbe(down, good, foreign, forged, downToken);
    }

    /** Alice's token from the demo realm, for {@code service-b}: accepted. */
    public String good() {
        return good;
    }

    /** service-b's own client-credentials token: refused with {@code audience_mismatch}. */
    public String foreign() {
        return foreign;
    }

    /** A token for {@code service-b} signed by an unknown key under the active {@code kid}: refused. */
    public String forged() {
        return forged;
    }

    /** Alice's token from the realm whose keys cannot be fetched. */
    public String downToken() {
        return downToken;
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
