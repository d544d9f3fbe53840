package dev.audguard.exchange.internal;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Reads a JWT's {@code exp} WITHOUT verifying anything. Used only to shorten how long something is
 * cached (a forged {@code exp} can only make an entry die sooner than the exchanged token's own
 * expiry would), never to decide whether a token is trusted. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class Jwts {
    private Jwts() {
    }

    /** The {@code exp} of {@code token} when it is a signed or plain JWT that has one; empty for opaque or encrypted tokens. */
    public static Optional<Instant> unverifiedExpiry(String token) {
        if (token == null || token.length() > 64 * 1024 || token.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        try {
            JWT jwt = JWTParser.parse(token);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            return Optional.ofNullable(exp).map(Date::toInstant);
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
