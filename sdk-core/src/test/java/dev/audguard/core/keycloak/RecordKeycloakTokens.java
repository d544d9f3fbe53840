package dev.audguard.core.keycloak;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.binding.DpopProofSigner;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Records the tokens a real Keycloak mints for the demo realm, verbatim, for
 * {@link KeycloakIssuedTokensTest}: run by {@code reference-issuer/bin/record-keycloak-answers} against
 * the Keycloak it starts ({@code main(realmUrl, outputDirectory)}), never by the build.
 *
 * <p>It writes the realm's JWKS as Keycloak served it, alice's token from a password grant at
 * service-a (audience service-b), the token service-b got for it by standard token exchange with
 * {@code audience=service-c}, a DPoP-bound token from a password grant that carried a proof, the
 * private JWK of the throwaway EC key that signed that proof (generated here for the fixture and
 * for nothing else), and {@code recorded.properties} (Keycloak's version, the issuer, when).
 */
public final class RecordKeycloakTokens {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    private RecordKeycloakTokens() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: RecordKeycloakTokens <realm URL> <output directory> <Keycloak version>");
        }
        String realm = args[0];
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        URI token = URI.create(realm + "/protocol/openid-connect/token");

        String jwks = get(URI.create(realm + "/protocol/openid-connect/certs"));
        Instant recorded = Instant.now();
        String bearer = accessToken(post(token, "service-a", "a-secret", Map.of(
                "grant_type", "password", "username", "alice", "password", "alice"), null));
        String exchanged = accessToken(post(token, "service-b", "b-secret", Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", bearer,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "audience", "service-c"), null));
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        DpopProofSigner signer = DpopProofSigner.builder().privateJwk(key.toJSONString()).build();
        String bound = accessToken(post(token, "service-a", "a-secret", Map.of(
                "grant_type", "password", "username", "alice", "password", "alice"),
                signer.proof("POST", token, null)));

        Files.writeString(out.resolve("jwks.json"), jwks + "\n");
        Files.writeString(out.resolve("bearer-alice-at-service-a.jwt"), bearer + "\n");
        Files.writeString(out.resolve("exchanged-for-service-c.jwt"), exchanged + "\n");
        Files.writeString(out.resolve("dpop-bound-alice-at-service-a.jwt"), bound + "\n");
        Files.writeString(out.resolve("dpop-proof-key.jwk"), key.toJSONString() + "\n");
        Files.writeString(out.resolve("recorded.properties"), String.join("\n",
                "# written by RecordKeycloakTokens (reference-issuer/bin/record-keycloak-answers); do not edit",
                "keycloak.version=" + args[2],
                "issuer=" + realm,
                "recorded.epoch.seconds=" + recorded.getEpochSecond(),
                "dpop.jkt=" + signer.thumbprint(), "") );
        System.out.println("tokens written to " + out);
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return ok(uri, answer);
    }

    private static String post(URI uri, String client, String secret, Map<String, String> form, String dpopProof)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(new LinkedHashMap<>(form).entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))));
        if (dpopProof != null) {
            request.header("DPoP", dpopProof);
        }
        return ok(uri, HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static String ok(URI uri, HttpResponse<String> answer) {
        if (answer.statusCode() != 200) {
            // the body of a refusal is an OAuth error object, never a token
            throw new IllegalStateException(uri.getPath() + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    private static String accessToken(String tokenAnswer) throws Exception {
        Object token = JSONObjectUtils.parse(tokenAnswer).get("access_token");
        if (!(token instanceof String s)) {
            throw new IllegalStateException("the token answer has no access_token");
        }
        return s;
    }
}
