package dev.audguard.spring;

import dev.audguard.spring.client.ReactiveSecurityContextSubjectTokenSource;
import dev.audguard.exchange.SubjectToken;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ReactiveSecurityContextSubjectTokenSource} reads the Reactor context, never a thread. */
class ReactiveSecurityContextSubjectTokenSourceTest {
    private final ReactiveSecurityContextSubjectTokenSource source = new ReactiveSecurityContextSubjectTokenSource();

    private static JwtAuthenticationToken bearer(String value) {
        Jwt jwt = Jwt.withTokenValue(value).header("alg", "RS256").subject("alice")
                .issuedAt(Instant.parse("2026-01-01T00:00:00Z")).expiresAt(Instant.parse("2026-01-01T00:05:00Z")).build();
        return new JwtAuthenticationToken(jwt, List.of());
    }

    @Test
    void readsTheBearerTokenOfTheReactorContext() {
        SubjectToken subject = source.currentSubjectToken()
                .contextWrite(ReactiveSecurityContextHolder.withAuthentication(bearer("header.payload.signature")))
                .block(Duration.ofSeconds(5));

        assertThat(subject.rawToken()).isEqualTo("header.payload.signature");
    }

    @Test
    void isEmptyForAnAnonymousRequest() {
        var anonymous = new AnonymousAuthenticationToken("key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

        assertThat(source.currentSubjectToken().contextWrite(ReactiveSecurityContextHolder.withAuthentication(anonymous))
                .blockOptional(Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void neverReadsTheThreadsSecurityContext() {
        SecurityContextHolder.getContext().setAuthentication(bearer("a.thread.token"));
        try {
            assertThat(source.currentSubjectToken().blockOptional(Duration.ofSeconds(5))).isEmpty();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
