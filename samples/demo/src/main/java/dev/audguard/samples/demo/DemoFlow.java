package dev.audguard.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audguard.core.Requirements;
import dev.audguard.core.TokenValidator;
import dev.audguard.core.VerifiedToken;
import dev.audguard.core.binding.DpopProofSigner;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The A -> B -> C flow, step by step, against running services: each step says what should
 * happen, does it over real HTTP, prints what happened, and records whether it matched.
 *
 * <p>Not thread-safe: one flow, one run.
 */
final class DemoFlow {
    /** One step's outcome. */
    record Step(String title, boolean passed, String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"([^\"]+)\"");

    private final URI issuer;
    private final URI serviceB;
    private final URI serviceC;
    private final URI goodService;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Step> steps = new ArrayList<>();
    // This client only inspects tokens to show their audience; it is not a resource server, so it
    // checks signature, issuer and expiry but accepts any audience.
    private final TokenValidator inspector;

    DemoFlow(URI issuer, URI serviceB, URI serviceC, URI goodService, PrintStream out) {
        this.issuer = issuer;
        this.serviceB = serviceB;
        this.serviceC = serviceC;
        this.goodService = goodService;
        this.out = out;
        this.inspector = TokenValidator.builder().issuer(issuer.toString()).disableAudienceCheck().build();
    }

    /** Runs every step; returns them, each passed or not. */
    List<Step> run() throws IOException, InterruptedException {
        out.println("issuer        " + issuer);
        out.println("service-b     " + serviceB + "   (Spring Boot, requires aud service-b)");
        out.println("service-c     " + serviceC + "   (Jersey, requires aud service-c)");
        out.println("good-service  " + goodService + "   (plain servlet, requires aud good-service)");
        out.println();
        out.println("aud names the services a token is for; azp names the client that asked for it.");
        out.println("Token exchange (RFC 8693): a service trades the token it received for a new one minted for the");
        out.println("service it calls, instead of forwarding the caller's token.");
        out.println();

        String alice = signIn("1. alice signs in through service-a (password grant, client service-a)");
        check("   her token is for service-b only", audience(alice).equals(List.of("service-b")),
                "aud " + audience(alice) + ", azp " + inspector.validate(alice).authorizedParty().orElse("-"));

        HttpResponse<String> hello = get(serviceB.resolve("/api/hello"), alice);
        step("2. service-b accepts it               GET service-b/api/hello", hello,
                hello.statusCode() == 200 && json(hello).path("audience").toString().contains("service-b"));

        HttpResponse<String> direct = get(serviceC.resolve("/api/data"), alice);
        refusal("3. service-c refuses the same token   GET service-c/api/data", direct,
                direct.statusCode() == 401 && challenge(direct).contains("error=\"invalid_token\""));

        HttpResponse<String> forwardRaw = get(serviceB.resolve("/api/forward-raw"), alice);
        JsonNode raw = json(forwardRaw);
        refusal("4. service-b forwards it unchanged    GET service-b/api/forward-raw", forwardRaw,
                forwardRaw.statusCode() == 502 && raw.path("downstreamStatus").asInt() == 401
                        && "invalid_token".equals(raw.path("downstreamError").asText()));

        HttpResponse<String> forward = get(serviceB.resolve("/api/forward"), alice);
        JsonNode downstream = json(forward).path("downstream");
        step("5. service-b exchanges it (RFC 8693)  GET service-b/api/forward", forward,
                forward.statusCode() == 200 && "service-c".equals(downstream.path("service").asText())
                        && downstream.path("audience").toString().contains("service-c")
                        && !downstream.path("audience").toString().contains("service-b")
                        && "service-b".equals(downstream.path("azp").asText())
                        && inspector.validate(alice).subject().orElse("").equals(downstream.path("subject").asText()));
        if (forward.statusCode() == 200) {
            out.println("   service-c saw: aud " + downstream.path("audience") + ", azp " + downstream.path("azp")
                    + ", same subject as alice's token");
        }

        HttpResponse<String> goodWithout = get(goodService.resolve("/api/data"), alice);
        refusal("6. good-service refuses it            GET good-service/api/data", goodWithout,
                goodWithout.statusCode() == 401 && challenge(goodWithout).contains("error=\"invalid_token\""));

        String aliceGood = signIn("7. alice signs in again with scope=good-service", "good-service");
        check("   now her token names good-service too", audience(aliceGood).containsAll(List.of("good-service", "service-b")),
                "aud " + audience(aliceGood));

        HttpResponse<String> goodWith = get(goodService.resolve("/api/data"), aliceGood);
        step("8. good-service accepts that one      GET good-service/api/data", goodWith,
                goodWith.statusCode() == 200 && "good-service".equals(json(goodWith).path("service").asText()));

        dpop();

        long passed = steps.stream().filter(Step::passed).count();
        out.println();
        out.println(passed == steps.size()
                ? "All " + steps.size() + " checks behaved as described: each service accepts only tokens minted for it."
                : (steps.size() - passed) + " of " + steps.size() + " checks did NOT behave as described.");
        return List.copyOf(steps);
    }

    /**
     * DPoP (RFC 9449): a token bound to a key the demo holds is useless without a fresh proof signed
     * with that key; good-service (policy allowed) checks the proof, and still takes plain bearer
     * tokens (step 8).
     */
    private void dpop() throws IOException, InterruptedException {
        out.println();
        out.println("DPoP (RFC 9449): a token bound to the caller's key needs a fresh proof signed with that key on each call;");
        out.println("good-service accepts such tokens (policy allowed) and plain bearer tokens alike (step 8).");
        HttpResponse<String> metadata = send(resourceMetadata(), null, null);
        JsonNode algorithms = json(metadata).path("dpop_signing_alg_values_supported");
        check("9. good-service's RFC 9728 metadata lists DPoP", metadata.statusCode() == 200 && algorithms.isArray()
                && algorithms.size() > 0, "dpop_signing_alg_values_supported " + algorithms);

        DpopProofSigner key = DpopProofSigner.generate();
        String bound = signIn("10. alice signs in with a DPoP proof (scope=good-service)", key, "good-service");
        // Keycloak (and the reference issuer) mark a bound token typ "DPoP": an access token only where a
        // proof goes with it. The demo holds the proof key, so it reads the verified claims as the key
        // holder (withSenderConstraint) and checks the binding itself: cnf.jkt must be its key's RFC 7638
        // thumbprint. The signature, issuer and expiry are checked as for every other token here.
        Object cnf = inspector.validate(bound, Requirements.none().withSenderConstraint()).claims().get("cnf");
        String jkt = cnf instanceof Map<?, ?> confirmation && confirmation.get("jkt") instanceof String s ? s : "-";
        check("    her token is bound to the demo's key", key.thumbprint().equals(jkt),
                "cnf.jkt " + jkt + (key.thumbprint().equals(jkt) ? ", the thumbprint of the demo's key" : ", not the demo's key"));

        URI data = goodService.resolve("/api/data");
        String proof = key.proof("GET", data, bound, null);
        HttpResponse<String> withProof = send(data, "DPoP " + bound, proof);
        step("11. good-service accepts it with a fresh proof  GET good-service/api/data", withProof,
                withProof.statusCode() == 200 && "good-service".equals(json(withProof).path("service").asText()));

        HttpResponse<String> replayed = send(data, "DPoP " + bound, proof);
        refusal("12. good-service refuses the same proof sent again (replay)", replayed,
                replayed.statusCode() == 401 && challenge(replayed).contains("error=\"invalid_dpop_proof\""));

        HttpResponse<String> asBearer = get(data, bound);
        refusal("13. good-service refuses the bound token sent as Bearer", asBearer, asBearer.statusCode() == 401);
    }

    /** good-service's RFC 9728 document, at the address its own challenge names. */
    private URI resourceMetadata() throws IOException, InterruptedException {
        Matcher m = RESOURCE_METADATA.matcher(challenge(send(goodService.resolve("/api/data"), null, null)));
        return m.find() ? URI.create(m.group(1)) : goodService.resolve("/.well-known/oauth-protected-resource");
    }

    private String signIn(String title, String... scopes) throws IOException, InterruptedException {
        return signIn(title, null, scopes);
    }

    /**
     * A password grant; with {@code key}, the token request carries a DPoP proof, and the answer must
     * say {@code token_type: DPoP} (a token bound to that key).
     */
    private String signIn(String title, DpopProofSigner key, String... scopes) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", "alice");
        form.put("password", "alice");
        if (scopes.length > 0) {
            form.put("scope", String.join(" ", scopes));
        }
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI tokenEndpoint = URI.create(issuer + "/protocol/openid-connect/token");
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenEndpoint).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("service-a:a-secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (key != null) {
            request.header("DPoP", key.proof("POST", tokenEndpoint, null));
        }
        HttpResponse<String> response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        String token = response.statusCode() == 200 ? json(response).path("access_token").asText(null) : null;
        String type = json(response).path("token_type").asText("-");
        boolean rightType = key == null || "DPoP".equals(type);
        check(title, token != null && rightType, "token endpoint answered " + response.statusCode() + ", token_type " + type);
        if (token == null) {
            throw new IOException("the issuer did not issue a token; cannot go on");
        }
        return token;
    }

    private List<String> audience(String token) {
        VerifiedToken verified = inspector.validate(token);
        return verified.audiences().stream().sorted().toList();
    }

    private HttpResponse<String> get(URI uri, String token) throws IOException, InterruptedException {
        return send(uri, "Bearer " + token, null);
    }

    private HttpResponse<String> send(URI uri, String authorization, String dpopProof) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (dpopProof != null) {
            request.header("DPoP", dpopProof);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void step(String title, HttpResponse<String> response, boolean passed) {
        check(title, passed, detail(response), "[ok]");
    }

    /** A step whose right outcome is a refusal: marked as expected, not as a bare [ok] beside a 401. */
    private void refusal(String title, HttpResponse<String> response, boolean refusedAsDescribed) {
        check(title, refusedAsDescribed, detail(response), "[refused, as expected]");
    }

    private static String detail(HttpResponse<String> response) {
        StringBuilder detail = new StringBuilder().append(response.statusCode());
        String challenge = challenge(response);
        if (!challenge.isEmpty()) {
            detail.append("  WWW-Authenticate: ").append(challenge);
        }
        if (!response.body().isBlank()) {
            detail.append("\n      ").append(response.body().strip());
        }
        return detail.toString();
    }

    private void check(String title, boolean passed, String detail) {
        check(title, passed, detail, "[ok]");
    }

    private void check(String title, boolean passed, String detail, String mark) {
        steps.add(new Step(title.strip(), passed, detail));
        out.println(title + "   " + (passed ? mark : "[FAILED]"));
        out.println("      " + detail);
    }

    /** Every {@code WWW-Authenticate} challenge, as one header would carry them: Bearer's, and DPoP's where it is accepted. */
    private static String challenge(HttpResponse<String> response) {
        return String.join(", ", response.headers().allValues("WWW-Authenticate"));
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }
}
