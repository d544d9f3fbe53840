package dev.audguard.core;

import dev.audguard.testsupport.CapturedLog;
import dev.audguard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static dev.audguard.core.TestTokens.AUDIENCE;
import static dev.audguard.core.TestTokens.ISSUER;
import static dev.audguard.core.TestTokens.valid;
import static org.assertj.core.api.Assertions.assertThat;

/** A refused token is explained from its unverified claims beside the policy, with hints, throttled per reason, never quoting the token. */
class RefusalExplanationTest {
    private final MutableClock clock = MutableClock.atDefaultStart();
    private final TokenValidator validator = TokenValidator.builder().issuer(ISSUER).audience(AUDIENCE)
            .jwks(TestKeys.jwks(TestKeys.RSA)).clock(clock).build();
    @RegisterExtension
    final CapturedLog captured = new CapturedLog();

    private List<String> warnLines() {
        return captured.linesContaining("WARN", "Token refused");
    }

    private Outcome send(ProtectedResource resource, String token) {
        return resource.authenticate(ResourceRequest.builder().method("GET").path("/orders").authorization("Bearer " + token).build());
    }

    @Test
    void explicitlyAtWarnARefusalNamesTheTokensClaimsBesideThePolicyWithAHint() {
        ProtectedResource resource = ProtectedResource.builder(validator).clock(clock).explainRefusalsAtWarn().build();
        String token = valid(clock).claim("iss", ISSUER + "/").claim("azp", AUDIENCE).claim("aud", "account").sign();

        assertThat(send(resource, token).isRefused()).isTrue();

        assertThat(warnLines()).singleElement().satisfies(line -> assertThat(line)
                .contains("Token refused (untrusted_issuer): token iss=" + ISSUER + "/ aud=[account] azp=" + AUDIENCE
                        + " kid=rsa-1 typ=")
                .contains("; expected iss one of [" + ISSUER + "], aud one of [" + AUDIENCE + "]")
                .contains("hint: iss " + ISSUER + "/ and the configured issuer " + ISSUER + " differ only in a trailing slash")
                .contains("the token was requested by " + AUDIENCE + " (azp) but not minted for it (aud)"));
        assertThat(captured.text()).doesNotContain(token).doesNotContain(token.split("\\.")[2]);
    }

    @Test
    void hintsForLocalhostTheAuthPrefixAndARealmTypo() {
        String issuer = "http://localhost:8080/realms/demo";
        TokenValidator local = TokenValidator.builder().issuer(issuer).audience(AUDIENCE)
                .jwks(TestKeys.jwks(TestKeys.RSA)).clock(clock).build();
        ProtectedResource resource = ProtectedResource.builder(local).clock(clock).explainRefusalsAtWarn().build();

        send(resource, valid(clock).claim("iss", "http://127.0.0.1:8080/realms/demo").sign());
        clock.advance(Duration.ofSeconds(1));
        send(resource, valid(clock).claim("iss", "http://localhost:8080/auth/realms/demo").sign());
        clock.advance(Duration.ofSeconds(1));
        send(resource, valid(clock).claim("iss", "http://localhost:8080/realms/dmeo").sign());

        assertThat(warnLines()).hasSize(3);
        assertThat(warnLines().get(0)).contains("iss uses 127.0.0.1 where the configured issuer uses localhost");
        assertThat(warnLines().get(1)).contains("iss has Keycloak's /auth prefix");
        assertThat(warnLines().get(2)).contains("the realm differs: iss names realm dmeo, the configured issuer demo (a typo?)");
    }

    @Test
    void atMostOneLinePerReasonPerSecondWithTheCountOfThoseSuppressed() {
        ProtectedResource resource = ProtectedResource.builder(validator).clock(clock).explainRefusalsAtWarn().build();
        String foreign = valid(clock).claim("aud", "other-api").sign();

        for (int i = 0; i < 5; i++) {
            send(resource, foreign);
        }
        send(resource, valid(clock).claim("iss", "https://evil.example.com").sign()); // another reason: its own line
        assertThat(warnLines()).hasSize(2);
        clock.advance(Duration.ofSeconds(1));
        send(resource, foreign);

        assertThat(warnLines()).hasSize(3);
        assertThat(warnLines().get(0)).contains("Token refused (audience_mismatch)").doesNotContain("not logged");
        assertThat(warnLines().get(2)).contains("Token refused (audience_mismatch)")
                .contains("(4 more audience_mismatch refusal(s) since the last such line were not logged)");
    }

    @Test
    void byDefaultNothingIsLoggedAtWarnAndTheStartUpLineStatesThePolicy() {
        ProtectedResource resource = ProtectedResource.builder(validator).clock(clock).build();
        send(resource, valid(clock).claim("aud", "other-api").sign());

        String log = captured.text();
        assertThat(warnLines()).isEmpty();
        assertThat(log).contains("DEBUG").contains("Token refused (audience_mismatch)");
        assertThat(log).contains("INFO").contains("audguard policy: issuers and audiences {" + ISSUER + "=one of [" + AUDIENCE + "]}");
    }

    @Test
    void aClaimCannotForgeALogLine() {
        ProtectedResource resource = ProtectedResource.builder(validator).clock(clock).explainRefusalsAtWarn().build();
        send(resource, valid(clock).claim("iss", "x\n2026 WARN forged").sign());

        assertThat(warnLines()).singleElement().satisfies(line -> assertThat(line).contains("iss=x?2026 WARN forged"));
        assertThat(captured.text()).doesNotContain("\n2026 WARN forged");
    }
}
