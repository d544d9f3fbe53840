package dev.audguard.benchmarks;

import com.nimbusds.jwt.JWTClaimsSet;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What Keycloak puts in an access token for a user with a few roles (realm and client roles,
 * scope, profile claims; about 1.2 KiB signed with RS256): the one token shape of the JMH
 * {@code Fixture} and of the HTTP benchmark's key server ({@code benchmarks/http}), so that both
 * measure the same tokens.
 *
 * <p>Thread-safe (stateless).
 */
public final class KeycloakClaims {
    private KeycloakClaims() {
    }

    /**
     * The claims of user {@code i}'s access token from {@code issuer} for {@code audience}, issued
     * at {@code now} and valid for a day.
     */
    public static JWTClaimsSet of(String issuer, String audience, Instant now, int i) {
        String subject = UUID.nameUUIDFromBytes(("user-" + i).getBytes(StandardCharsets.UTF_8)).toString();
        return new JWTClaimsSet.Builder()
                .expirationTime(Date.from(now.plusSeconds(86_400)))
                .issueTime(Date.from(now))
                .claim("auth_time", now.getEpochSecond())
                .jwtID("onrtac:" + UUID.nameUUIDFromBytes(("jti-" + i).getBytes(StandardCharsets.UTF_8)))
                .issuer(issuer)
                .audience(List.of(audience, "account"))
                .subject(subject)
                .claim("typ", "Bearer")
                .claim("azp", "service-a")
                .claim("sid", UUID.nameUUIDFromBytes(("sid-" + i).getBytes(StandardCharsets.UTF_8)).toString())
                .claim("acr", "1")
                .claim("allowed-origins", List.of("https://app.example.com"))
                .claim("realm_access", Map.of("roles", List.of("default-roles-demo", "offline_access", "uma_authorization",
                        "customer", "orders-reader")))
                .claim("resource_access", Map.of(
                        "orders-api", Map.of("roles", List.of("viewer", "editor")),
                        "account", Map.of("roles", List.of("manage-account", "manage-account-links", "view-profile"))))
                .claim("scope", "openid profile email orders.read")
                .claim("email_verified", true)
                .claim("name", "User Number " + i)
                .claim("preferred_username", "user" + i)
                .claim("given_name", "User")
                .claim("family_name", "Number " + i)
                .claim("email", "user" + i + "@example.com")
                .build();
    }
}
