package dev.audguard.issuer;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 8707 resource: ignored as Keycloak 26.7.3 does by default, Keycloak's experimental filter, and strict RFC. */
class ResourceParameterIT {

    private static final String MCP = "http://127.0.0.1:9999/mcp";
    private static final String OTHER = "https://other.example/api";
    private static final String REDIRECT = "http://localhost:3000/callback";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private static Realm realm() {
        return Realm.builder("mcp")
                .client("agent", c -> c.secret("agent-secret").serviceAccount().directAccessGrants()
                        .audienceMapper("mcp-server").audienceMapper("other-api"))
                .client("spa", c -> c.publicClient().standardFlow(REDIRECT).audienceMapper("mcp-server"))
                .client("mcp-server", c -> c.secret("m").attribute("resource_url", MCP))
                .client("other-api", c -> c.secret("o").attribute("resource_url", OTHER))
                .client("stranger", c -> c.secret("s").attribute("resource_url", "https://stranger.example/"))
                .user("carol", u -> u.password("carol"))
                .build();
    }

    private static Http.Answer clientCredentials(RealmHandle realm, String... resources) {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        for (String r : resources) {
            form.append("&resource=").append(URLEncoder.encode(r, StandardCharsets.UTF_8));
        }
        return Http.send(java.net.http.HttpRequest.newBuilder(realm.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", Http.basic("agent", "agent-secret"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    private static Object aud(Http.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return Jwt.claims((String) answer.json().get("access_token")).get("aud");
    }

    @Test
    void byDefaultTheResourceParameterIsIgnoredAsKeycloak2673Does() {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(realm()).start()) {
            RealmHandle mcp = issuer.realm("mcp");

            assertThat(aud(clientCredentials(mcp, MCP))).isEqualTo(List.of("mcp-server", "other-api", "account")); // service accounts hold the account roles, as in Keycloak
            assertThat(aud(clientCredentials(mcp, "not a uri#at all"))).isEqualTo(List.of("mcp-server", "other-api", "account")); // service accounts hold the account roles, as in Keycloak
            assertThat(mcp.requests().all().get(0).parameter("resource")).contains(MCP);
        }
    }

    @Test
    void keycloaksExperimentalResourceIndicatorsFilterTheComputedAudience() {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(realm())
                .resourceParameter(ResourceParameter.KEYCLOAK_RESOURCE_INDICATORS).start()) {
            RealmHandle mcp = issuer.realm("mcp");

            assertThat(aud(clientCredentials(mcp, MCP))).isEqualTo("mcp-server");
            assertThat(aud(clientCredentials(mcp, "urn:client:other-api"))).isEqualTo("other-api");
            assertThat(aud(clientCredentials(mcp, MCP, OTHER))).isEqualTo(List.of("mcp-server", "other-api"));
            assertThat(aud(clientCredentials(mcp))).isEqualTo(List.of("mcp-server", "other-api", "account")); // service accounts hold the account roles, as in Keycloak
            for (String bad : List.of("https://unknown.example/", MCP + "?x=1", MCP + "#f", "relative/path",
                    "https://stranger.example/", "urn:client:")) {
                Http.Answer refused = clientCredentials(mcp, bad);
                assertThat(refused.status()).as(bad).isEqualTo(400);
                assertThat(refused.json()).as(bad).containsEntry("error", "invalid_target");
            }
        }
    }

    @Test
    void strictRfc8707PutsTheResourceUriItselfInAud() {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(realm())
                .resourceParameter(ResourceParameter.STRICT_RFC8707).start()) {
            RealmHandle mcp = issuer.realm("mcp");

            assertThat(aud(clientCredentials(mcp, MCP))).isEqualTo(MCP);
            assertThat(clientCredentials(mcp, "urn:client:mcp-server").json()).containsEntry("error", "invalid_target");
            assertThat(clientCredentials(mcp, MCP + "#frag").json()).containsEntry("error", "invalid_target");
            assertThat(aud(clientCredentials(mcp))).isEqualTo(List.of("mcp-server", "other-api", "account")); // service accounts hold the account roles, as in Keycloak
        }
    }

    @Test
    void aRefreshKeepsTheResourceAndRefusesAnother() {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(realm())
                .resourceParameter(ResourceParameter.KEYCLOAK_RESOURCE_INDICATORS).start()) {
            RealmHandle mcp = issuer.realm("mcp");
            Map<String, List<String>> form = new LinkedHashMap<>();
            form.put("grant_type", List.of("password"));
            form.put("username", List.of("carol"));
            form.put("password", List.of("carol"));
            form.put("resource", List.of(MCP));
            TokenResponse first = mcp.tokenRequest("agent", "agent-secret", form);
            assertThat(Jwt.claims(first.accessToken())).containsEntry("aud", "mcp-server");

            TokenResponse kept = mcp.refresh("agent", "agent-secret", first.refreshToken().orElseThrow());
            Http.Answer other = Http.postBasic(mcp.tokenEndpoint(), "agent", "agent-secret", Map.of("grant_type", "refresh_token",
                    "refresh_token", first.refreshToken().orElseThrow(), "resource", OTHER));

            assertThat(Jwt.claims(kept.accessToken())).containsEntry("aud", "mcp-server");
            assertThat(other.json()).containsEntry("error", "invalid_target");
        }
    }

    @Test
    void aPublicMcpClientsResourceTravelsFromTheAuthorizationRequestThroughTheCode() throws Exception {
        try (ReferenceIssuer issuer = ReferenceIssuer.builder().realm(realm())
                .resourceParameter(ResourceParameter.STRICT_RFC8707).start()) {
            RealmHandle mcp = issuer.realm("mcp");
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
            Http.Answer page = Http.get(URI.create(mcp.authorizationEndpoint() + "?response_type=code&client_id=spa&redirect_uri="
                    + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8) + "&code_challenge=" + challenge
                    + "&code_challenge_method=S256&resource=" + URLEncoder.encode(MCP, StandardCharsets.UTF_8)));
            Map<String, String> post = page.hiddenFields();
            post.put("username", "carol");
            post.put("password", "carol");
            String location = Http.post(mcp.authorizationEndpoint(), post).header("Location");
            String code = null;
            for (String pair : URI.create(location).getRawQuery().split("&")) {
                if (pair.startsWith("code=")) {
                    code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                }
            }

            Http.Answer tokens = Http.post(mcp.tokenEndpoint(), Map.of("grant_type", "authorization_code", "code", code,
                    "redirect_uri", REDIRECT, "client_id", "spa", "code_verifier", VERIFIER));

            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            assertThat(Jwt.claims((String) tokens.json().get("access_token"))).containsEntry("aud", MCP).containsEntry("azp", "spa");
        }
    }
}
