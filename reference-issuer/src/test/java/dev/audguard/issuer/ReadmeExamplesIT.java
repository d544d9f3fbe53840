package dev.audguard.issuer;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Holds every example of README.md, so the README cannot rot. Keep them in step. */
class ReadmeExamplesIT {

    @Test
    void changingTheRealmWhileItRuns() {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().start()) {
            RealmHandle demo = issuer.realm("demo");
            demo.changes()
                    .addClient("billing", c -> c.bearerOnly())
                    .addClientRole("billing", "pay")
                    .addUser("carol", u -> u.password("carol").clientRoles("billing", "pay"));  // aud [billing, account]
            assertThat(Jwt.claims(demo.passwordGrant("service-a", "a-secret", "carol", "carol").accessToken()).get("aud"))
                    .isEqualTo(List.of("service-b", "billing", "account"));
            demo.changes().addGroup("engineering", g -> g.clientRoles("billing", "pay").subGroup("backend", b -> { }))
                    .joinGroup("alice", "/engineering/backend")            // the roles of the group and its parents
                    .addAudienceMapper("service-a", "service-c")           // or addProtocolMapper(client, name, type, config)
                    .addRealmRole("auditor").grantRealmRoles("bob", "auditor")
                    .revokeClientRoles("bob", "reports-api", "viewer");
            assertThat(Jwt.claims(demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken()).get("aud"))
                    .isEqualTo(List.of("service-b", "service-c", "billing"));
            demo.changes().removeClient("billing");                        // its roles and every grant of them go too
            assertThat(Jwt.claims(demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken()).get("aud"))
                    .isEqualTo(List.of("service-b", "service-c"));
        }
    }

    @Test
    void tryWithResources() {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start()) {
            RealmHandle demo = issuer.realm("demo");
            String issuerUrl = demo.issuerUrl();                    // http://127.0.0.1:PORT/realms/demo
            TokenResponse r = demo.passwordGrant("service-a", "a-secret", "alice", "alice", "good-service");
            String accessToken = r.accessToken();                   // aud ["good-service","service-b"], azp service-a
            TokenResponse exchanged = demo.exchange("service-b", "b-secret", demo
                    .passwordGrant("service-a", "a-secret", "alice", "alice").accessToken(), "service-c");

            assertThat(issuerUrl).isEqualTo("http://127.0.0.1:" + issuer.port() + "/realms/demo");
            assertThat(Jwt.claims(accessToken).get("aud")).isEqualTo(List.of("good-service", "service-b"));
            assertThat(Jwt.claims(exchanged.accessToken()).get("aud")).isEqualTo("service-c");
        }
    }

    @Nested
    class OrdersApiTest {
        @RegisterExtension
        static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

        @Test
        void acceptsTokensMintedForIt(RealmHandle demo) {
            String token = demo.clientCredentials("service-b", "b-secret").accessToken();
            // call your service with it
            assertThat(token).isNotBlank();
        }
    }

    @Test
    void realmInCode() {
        Realm shop = Realm.builder("shop")
                .client("web", c -> c.secret("web-secret").directAccessGrants().audienceMapper("orders"))
                .client("gateway", c -> c.secret("gw-secret").serviceAccount().standardTokenExchange())
                .client("orders", c -> c.bearerOnly())
                .user("carol", u -> u.password("carol").email("carol@example.com"))
                .build();

        assertThat(shop.clientIds()).contains("web", "gateway", "orders", "account");
    }

    @Test
    void hostileTokensKeysFaults() {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().start()) {
            RealmHandle demo = issuer.realm("demo");
            String oldKid = demo.keys().activeKeyId();
            String jwkJson = "{\"kty\":\"RSA\",\"kid\":\"odd\",\"key_ops\":[\"encrypt\"],\"n\":\"AAAB\",\"e\":\"AQAB\"}";

            String expired = demo.mint().subject("alice").audience("service-b")
                    .expiresAt(Instant.now().minusSeconds(60)).sign();
            String realLooking = demo.mint().subject("bob").asIssuedTo("service-a").sign(); // exactly what the grant issues
            String forged = demo.mint().subject("alice").audience("service-b").signedWithUnknownKey().sign();
            String none = demo.mint().audience("service-b").algNone("NoNe").sign();
            String confused = demo.mint().audience("service-b").hs256WithPublicKey().sign();

            String newKid = demo.keys().rotate();                 // old key stays in the JWKS ...
            demo.keys().retire(oldKid);                           // ... until retired
            demo.keys().publishVerbatim(jwkJson);                // served exactly as given, until withdraw(kid)
            demo.faults().jwks(Fault.down());                     // also slow(Duration), status(500), garbage()
            demo.faults().token(Fault.status(503).times(2));      // two failures, then it recovers
            demo.faults().clear();

            assertThat(List.of(expired, realLooking, forged, none, confused)).allMatch(t -> t.split("\\.", -1).length == 3);
            assertThat(demo.keys().publishedKeyIds()).containsExactly(newKid);
            assertThat(demo.keys().jwksJson()).contains("\"kid\":\"odd\"");
            assertThat(demo.evaluate("service-a", "bob").audience()).containsExactly("service-b", "reports-api");
        }
    }

    @Test
    void timeOneClockMovedByTheTest() {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().start()) {
            RealmHandle demo = issuer.realm("demo");
            String refresh = demo.passwordGrant("service-a", "a-secret", "alice", "alice").refreshToken().orElseThrow();
            issuer.clock().advance(java.time.Duration.ofMinutes(31));       // past ssoSessionIdleTimeout (30 min)
            // demo.refresh("service-a", "a-secret", refresh) now fails with invalid_grant
            issuer.clock().freeze();                               // time stands still until advanced or resume()

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> demo.refresh("service-a", "a-secret", refresh))
                    .isInstanceOfSatisfying(TokenRequestException.class, e -> assertThat(e.error()).isEqualTo("invalid_grant"));
        }
    }

    @Test
    void whatDidTheServiceSendErrorsOnDemand() {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().start()) {
            RealmHandle demo = issuer.realm("demo");
            demo.requests().clear();
            TokenResponse alice = demo.passwordGrant("service-a", "a-secret", "alice", "alice");
            demo.exchange("service-b", "b-secret", alice.accessToken(), "service-c");     // the service under test would do this
            assertThat(demo.requests().exchanges()).hasSize(1);                            // exchanged once, not twice
            assertThat(demo.requests().exchanges().get(0).clientId()).isEqualTo("service-b");

            demo.errors().nextRequest(IssuerEndpoint.TOKEN, OAuthError.invalidGrant("Token is not active"));
            demo.errors().forToken(alice.refreshToken().orElseThrow(), OAuthError.of(400, "invalid_grant", "Session not active"));
            demo.errors().clear();

            assertThat(demo.clientCredentials("service-b", "b-secret").accessToken()).isNotBlank();
        }
    }

    @Test
    void signingKeysAndAlgorithms() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pkcs8Pem = "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        try (ReferenceIssuer issuer = ReferenceIssuer.builder()
                .signingKey("demo", pkcs8Pem)        // or a private JWK; kid: the JWK's or the RFC 7638 thumbprint
                .stableKeyIds()                      // generated keys: demo-rs256-1, demo-rs256-2 after a rotation
                .start()) {
            assertThat(issuer.realm("demo").keys().publishedKeyIds()).hasSize(1);
        }
    }
}
