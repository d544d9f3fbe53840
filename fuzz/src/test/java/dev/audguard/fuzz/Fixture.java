package dev.audguard.fuzz;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The committed key material and time the validator target and its seeds share (written once by
 * {@link SeedCorpusGenerator}; TEST KEYS ONLY, never used anywhere else): the fuzzer's own signing
 * keys, an attacker's key, the reference issuer (its URL and public keys) that minted the
 * Keycloak-shaped seed tokens, and the instant those tokens are valid at.
 */
final class Fixture {
    static final String RESOURCE = "dev/audguard/fuzz/fixture.json";
    static final String AUDIENCE = "service-b";
    static final String AUTHORIZED_PARTY = "service-a";
    static final long SKEW_SECONDS = 60;

    final String issuer;
    final RSAKey trustedRsa;
    final ECKey trustedEc;
    final RSAKey attacker;
    final List<JWK> issuerKeys;
    final Instant now;

    private Fixture(String issuer, RSAKey trustedRsa, ECKey trustedEc, RSAKey attacker, List<JWK> issuerKeys, Instant now) {
        this.issuer = issuer;
        this.trustedRsa = trustedRsa;
        this.trustedEc = trustedEc;
        this.attacker = attacker;
        this.issuerKeys = issuerKeys;
        this.now = now;
    }

    static Fixture load() {
        try (InputStream in = Fixture.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + ": run SeedCorpusGenerator (fuzz/README.md)");
            }
            Map<String, Object> json = com.nimbusds.jose.util.JSONObjectUtils.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
            JWKSet own = JWKSet.parse(com.nimbusds.jose.util.JSONObjectUtils.getJSONObject(json, "fuzzKeys"));
            JWKSet issuer = JWKSet.parse(com.nimbusds.jose.util.JSONObjectUtils.getJSONObject(json, "issuerKeys"));
            return new Fixture(com.nimbusds.jose.util.JSONObjectUtils.getString(json, "issuer"), own.getKeyByKeyId("fuzz-rsa").toRSAKey(), own.getKeyByKeyId("fuzz-ec").toECKey(),
                    own.getKeyByKeyId("attacker-rsa").toRSAKey(), issuer.getKeys(),
                    Instant.ofEpochSecond(com.nimbusds.jose.util.JSONObjectUtils.getLong(json, "now")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("unreadable " + RESOURCE, e);
        }
    }

    /** Every key the validator trusts, public halves only. */
    List<JWK> trustedPublicKeys() {
        List<JWK> keys = new ArrayList<>(issuerKeys);
        keys.add(trustedRsa.toPublicJWK());
        keys.add(trustedEc.toPublicJWK());
        return keys;
    }

    String trustedJwks() {
        return new JWKSet(trustedPublicKeys()).toString(true);
    }
}
