package dev.audguard.fuzz;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed control seeds get all the way through the validator target: a corpus whose valid
 * tokens were refused (a stale key, a clock moved on) would never reach the claim checks.
 */
class SeedCorpusTest {
    @ParameterizedTest
    @ValueSource(strings = {"raw-password-grant-service-a", "raw-client-credentials-service-a",
            "raw-minted-alice-for-service-b", "structured-rsa-minted-alice-for-service-b",
            "structured-ec-minted-alice-for-service-b", "structured-rsa-password-grant-service-a",
            "strict-structured-rsa-minted-with-nbf-and-scopes", "strict-structured-rsa-minted-alice-for-service-b"})
    void controlSeedIsAcceptedByTheTargetsValidator(String seed) throws IOException {
        byte[] data = read("dev/audguard/fuzz/TokenValidatorFuzzTestInputs/validate/" + seed);
        String token = TokenValidatorFuzzTest.tokenOf(data);

        assertThat(TokenValidatorFuzzTest.validatorFor(data).validate(token).audiences()).contains(Fixture.AUDIENCE);
        TokenValidatorFuzzTest.Reference.assertAcceptable(token, TokenValidatorFuzzTest.isStrict(data));
    }

    static byte[] read(String resource) throws IOException {
        try (InputStream in = SeedCorpusTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }
}
