package dev.audguard.samples.reactive;

import dev.audguard.core.VerifiedToken;
import dev.audguard.spring.server.VerifiedJwt;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/** reactive-service's API: who called. */
@RestController
@RequestMapping("/api")
class ApiController {

    @GetMapping("/data")
    Mono<Map<String, Object>> data(@AuthenticationPrincipal Jwt jwt) {
        VerifiedToken token = ((VerifiedJwt) jwt).verifiedToken();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", "reactive-service");
        body.put("subject", token.subject().orElse(null));
        body.put("audience", token.audiences());
        return Mono.just(body);
    }
}
