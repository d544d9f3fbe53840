package dev.audguard.issuer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** private_key_jwt (RFC 7523) with keys from a jwks.string attribute and from a jwks.url served over real HTTP. */
class PrivateKeyJwtIT {

    private static RSAKey clientKey;
    private static RSAKey urlClientKey;
    private static HttpServer jwksServer;
    private static ReferenceIssuer issuer;
    private static RealmHandle realm;

    @BeforeAll
    static void start() throws Exception {
        clientKey = new RSAKeyGenerator(2048).keyID("client-key-1").generate();
        urlClientKey = new RSAKeyGenerator(2048).keyID("url-key-1").generate();
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = new JWKSet(urlClientKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwksServer.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        jwksServer.start();
        issuer = ReferenceIssuer.builder().realm(Realm.builder("shop")
                .client("batch", c -> c.serviceAccount().audienceMapper("orders")
                        .signedJwtWithJwks(new JWKSet(clientKey.toPublicJWK()).toString()))
                .client("cron", c -> c.serviceAccount()
                        .signedJwtWithJwksUrl(URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks")))
                .client("orders", c -> c.bearerOnly())
                .build()).start();
        realm = issuer.realm("shop");
    }

    @AfterAll
    static void stop() {
        issuer.close();
        jwksServer.stop(0);
    }

    private static String assertion(RSAKey key, String clientId, Consumer<JWTClaimsSet.Builder> tweak) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId)
                .audience(realm.tokenEndpoint().toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(30))).jwtID(UUID.randomUUID().toString());
        tweak.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static Http.Answer clientCredentials(String assertion) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        return Http.post(realm.tokenEndpoint(), form);
    }

    @Test
    void validAssertionFromJwksStringAuthenticates() throws Exception {
        Http.Answer answer = clientCredentials(assertion(clientKey, "batch", c -> { }));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(Jwt.claims((String) answer.json().get("access_token"))).containsEntry("azp", "batch")
                .containsEntry("aud", java.util.List.of("orders", "account"));
    }

    @Test
    void validAssertionWithIssuerAsAudienceAndKeysFromJwksUrlAuthenticates() throws Exception {
        Http.Answer answer = clientCredentials(assertion(urlClientKey, "cron", c -> c.audience(realm.issuerUrl())));

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void replayedAssertionIsRejected() throws Exception {
        String assertion = assertion(clientKey, "batch", c -> { });
        assertThat(clientCredentials(assertion).status()).isEqualTo(200);

        Http.Answer replay = clientCredentials(assertion);

        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.json()).containsEntry("error", "invalid_client")
                .containsEntry("error_description", "Client authentication with signed JWT failed: Token reuse detected");
    }

    @Test
    void badAssertionsAreRejectedWithKeycloaksReasons() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("client-key-1").generate();
        Instant now = Instant.now();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(assertion(stranger, "batch", c -> { }), "Signature on JWT token failed validation");
        cases.put(assertion(clientKey, "batch", c -> c.audience("https://elsewhere")), "Invalid token audience");
        cases.put(assertion(clientKey, "batch", c -> c.audience(java.util.List.of(realm.issuerUrl(), realm.tokenEndpoint().toString()))),
                "Multiple audiences not allowed");
        cases.put(assertion(clientKey, "batch", c -> c.expirationTime(Date.from(now.minusSeconds(120)))), "Token is not active");
        cases.put(assertion(clientKey, "batch", c -> c.issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.plusSeconds(30)))), "Token was issued too far in the past to be used now");
        cases.put(assertion(clientKey, "batch", c -> c.jwtID(null)), "Token jti claim is required");
        cases.put(assertion(clientKey, "batch", c -> c.issuer("someone-else")), "Token iss claim must equal its sub claim");
        cases.put(assertion(clientKey, "batch", c -> c.expirationTime(null)), "Token exp claim is required");

        cases.forEach((assertion, reason) -> {
            Http.Answer answer = clientCredentials(assertion);
            assertThat(answer.status()).as(reason).isEqualTo(400);
            assertThat(answer.json()).as(reason).containsEntry("error", "invalid_client")
                    .containsEntry("error_description", "Client authentication with signed JWT failed: " + reason);
        });
    }

    @Test
    void signedJwtClientCannotAuthenticateWithASecret() {
        Http.Answer answer = Http.postBasic(realm.tokenEndpoint(), "batch", "anything", Map.of("grant_type", "client_credentials"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("error", "invalid_client");
    }
}
