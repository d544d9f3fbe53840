package dev.audguard.spring;

import dev.audguard.spring.server.AudguardJwtDecoder;
import dev.audguard.spring.server.AudguardJwtException;
import com.nimbusds.jwt.SignedJWT;
import dev.audguard.core.TokenValidator;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.Http;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code audguard.explain-refusals=true}: a refused token is explained at WARN over real HTTP, through
 * sdk-core's one explainer (logger {@code dev.audguard.core.ProtectedResource}), one line per reason
 * per second on the injected clock; without the property at DEBUG only; the token never logged.
 */
class ExplainRefusalsIT {
    private static final String LOGGER = "dev.audguard.core.ProtectedResource - ";

    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    @RegisterExtension
    final CapturedLog captured = new CapturedLog();

    private RealmHandle demo() {
        return issuer.realm("demo");
    }

    /** The explanation sdk-core writes for {@code token}, its claims read here with Nimbus. */
    static String explanation(String reason, String token, String expected, String hint) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        long exp = jwt.getJWTClaimsSet().getExpirationTime().toInstant().getEpochSecond();
        Object azp = jwt.getJWTClaimsSet().getClaim("azp");
        String line = "Token refused (" + reason + "): token iss=" + jwt.getJWTClaimsSet().getIssuer()
                + " aud=" + jwt.getJWTClaimsSet().getAudience() + " azp=" + (azp == null ? "-" : azp)
                + " kid=" + jwt.getHeader().getKeyID() + " typ=" + jwt.getHeader().getType()
                + " exp=" + exp + " (" + Instant.ofEpochSecond(exp) + "); " + expected;
        return hint == null ? line : line + "; hint: " + hint;
    }

    /** The explanation lines at {@code level}, without the thread name. */
    private List<String> lines(String level) {
        return captured.linesContaining("Token refused (").stream()
                .map(l -> l.substring(l.indexOf("] ") + 2))
                .filter(l -> l.startsWith(level + " "))
                .map(l -> l.substring((level + " " + LOGGER).length()))
                .toList();
    }

    private void assertNoTokenLogged(String... tokens) {
        captured.assertNeverShows(List.of(tokens));
    }

    @Test
    void explicitlyExplainedRefusalsAreWarningsNamingTheTokensClaimsBesideThePolicyWithHints() throws Exception {
        String trusted = demo().issuerUrl();
        String foreign = demo().clientCredentials("service-b", "b-secret").accessToken();
        String slashed = demo().mint().issuer(trusted + "/").audience("service-b").sign();
        String expected = "expected iss one of [" + trusted + "], aud one of [service-b]";

        try (MvcService service = new MvcService()) {
            service.start(OrdersService.class, "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + trusted,
                    "spring.security.oauth2.resourceserver.jwt.audiences=service-b", "audguard.explain-refusals=true");
            assertThat(Http.bearer(service.uri("/orders"), foreign).statusCode()).isEqualTo(401);
            assertThat(Http.bearer(service.uri("/orders"), slashed).statusCode()).isEqualTo(401);
        }

        assertThat(lines("WARN")).containsExactly(
                explanation("audience_mismatch", foreign, expected, "the token was requested by service-b (azp) but not "
                        + "minted for it (aud): add an audience mapper for it at the issuer, or exchange the token for this audience"),
                explanation("untrusted_issuer", slashed, expected, "iss " + trusted + "/ and the configured issuer " + trusted
                        + " differ only in a trailing slash"));
        assertThat(captured.text()).contains("audguard policy: issuers and audiences {" + trusted
                + "=one of [service-b]}").contains("opt-outs: none (refusals explained at WARN)");
        assertNoTokenLogged(foreign, slashed);
    }

    @Test
    void explainedRefusalsAreLimitedToOneLinePerReasonPerSecondOfTheInjectedClock() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        TokenValidator validator = TokenValidator.builder().issuer(demo().issuerUrl()).audience("service-b").build();
        JwtDecoder decoder = AudguardJwtDecoder.builder(validator).explainRefusalsAtWarn().clock(clock).build();
        String foreign = demo().clientCredentials("service-b", "b-secret").accessToken();
        String expected = "expected iss one of [" + demo().issuerUrl() + "], aud one of [service-b]";
        String hint = "the token was requested by service-b (azp) but not minted for it (aud): add an audience mapper "
                + "for it at the issuer, or exchange the token for this audience";

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.decode(foreign)).isInstanceOf(AudguardJwtException.class);
        }
        clock.advance(Duration.ofMillis(999));
        assertThatThrownBy(() -> decoder.decode(foreign)).isInstanceOf(AudguardJwtException.class);
        assertThat(lines("WARN")).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> decoder.decode(foreign)).isInstanceOf(AudguardJwtException.class);

        assertThat(lines("WARN")).containsExactly(explanation("audience_mismatch", foreign, expected, hint),
                explanation("audience_mismatch", foreign, expected, hint)
                        + " (3 more audience_mismatch refusal(s) since the last such line were not logged)");
        assertNoTokenLogged(foreign);
    }

    @Test
    void byDefaultRefusalsAreExplainedAtDebugOnly() throws Exception {
        String realmTypo = demo().issuerUrl().replace("/realms/demo", "/realms/Demo");
        String typo = demo().mint().issuer(realmTypo).audience("service-b").sign();

        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(AudguardAutoConfiguration.class))
                .withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + demo().issuerUrl(),
                        "spring.security.oauth2.resourceserver.jwt.audiences=service-b")
                .run(context -> assertThatThrownBy(() -> context.getBean(JwtDecoder.class).decode(typo))
                        .isInstanceOf(AudguardJwtException.class));

        assertThat(lines("WARN")).isEmpty();
        assertThat(lines("DEBUG")).containsExactly(explanation("untrusted_issuer", typo, "expected iss one of ["
                + demo().issuerUrl() + "], aud one of [service-b]", "the realm differs: iss names realm Demo, the configured "
                + "issuer demo (realm names are case-sensitive)"));
        assertNoTokenLogged(typo);
    }
}
