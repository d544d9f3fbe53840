package dev.audguard.spring.readme;

import dev.audguard.core.VerifiedToken;
import dev.audguard.spring.server.VerifiedJwt;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import java.util.List;

/** The README's controller (the snippets in the README are copied from here; ReadmeExamplesIT checks they still are). */
@RestController
class OrdersController {
    private final RestClient serviceC;

    OrdersController(RestClient serviceC) {
        this.serviceC = serviceC;
    }

    @GetMapping("/orders")
    String orders(@AuthenticationPrincipal Jwt jwt) {
        List<String> audiences = VerifiedJwt.verifiedToken(jwt)    // sdk-core's view: roles, audiences, raw token
                .map(VerifiedToken::audiences).orElse(jwt.getAudience());
        return "orders of " + jwt.getClaimAsString("preferred_username") + " for " + audiences;
    }

    @GetMapping("/reports")
    @PreAuthorize("hasRole('viewer') and hasAuthority('SCOPE_profile')")
    String reports() {
        return "reports";
    }

    @GetMapping("/orders/{id}/stock")
    String stock(@PathVariable String id) {
        return serviceC.get().uri("/stock/{id}", id).retrieve().body(String.class);   // carries a token exchanged for service-c
    }
}
