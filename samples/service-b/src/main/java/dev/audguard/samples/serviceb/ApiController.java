package dev.audguard.samples.serviceb;

import dev.audguard.core.VerifiedToken;
import dev.audguard.spring.server.VerifiedJwt;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** service-b's API: who called, and the two ways of calling service-c. */
@RestController
@RequestMapping("/api")
class ApiController {
    private static final Pattern ERROR = Pattern.compile("error=\"([^\"]*)\"");

    private final RestClient serviceC;
    private final RestClient forwardingClient;

    ApiController(@Qualifier("serviceC") RestClient serviceC, @Qualifier("forwardingClient") RestClient forwardingClient) {
        this.serviceC = serviceC;
        this.forwardingClient = forwardingClient;
    }

    @GetMapping("/hello")
    Map<String, Object> hello(@AuthenticationPrincipal Jwt jwt) {
        VerifiedToken token = ((VerifiedJwt) jwt).verifiedToken();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", "service-b");
        body.put("subject", token.subject().orElse(null));
        body.put("audience", token.audiences());
        return body;
    }

    /** The right way: service-c gets a token exchanged for it. */
    @GetMapping("/forward")
    Map<String, Object> forward() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", "service-b");
        body.put("downstream", serviceC.get().uri("/api/data").retrieve().body(Map.class));
        return body;
    }

    /** The wrong way, to show it fails: the caller's own token, forwarded unchanged. */
    @GetMapping("/forward-raw")
    ResponseEntity<Map<String, Object>> forwardRaw(@AuthenticationPrincipal Jwt jwt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", "service-b");
        try {
            body.put("downstream", forwardingClient.get().uri("/api/data")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt.getTokenValue())
                    .retrieve().body(Map.class));
            return ResponseEntity.ok(body);
        } catch (RestClientResponseException refused) {
            body.put("downstreamStatus", refused.getStatusCode().value());
            String challenge = refused.getResponseHeaders() == null ? null
                    : refused.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE);
            Matcher error = ERROR.matcher(challenge == null ? "" : challenge);
            body.put("downstreamError", error.find() ? error.group(1) : null);
            return ResponseEntity.status(502).body(body);
        }
    }
}
