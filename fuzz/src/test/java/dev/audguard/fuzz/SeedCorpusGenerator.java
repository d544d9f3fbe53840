package dev.audguard.fuzz;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.issuer.HostileTokens;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import dev.audguard.issuer.TokenMinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the committed fixture (test keys, the issuer's public keys, the seeds' instant) and the
 * token seeds: Keycloak-shaped tokens minted by the reference issuer and the conformance kit's
 * hostile-token catalogue. Not part of the normal build: run it only to renew the seeds, with
 * {@code -Dfuzz.writeSeeds=true} (fuzz/README.md). {@link SeedCorpusTest} then checks, in every
 * build, that the control seeds are accepted by the target's validator.
 */
@EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
class SeedCorpusGenerator {
    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final Path VALIDATOR_SEEDS = RESOURCES.resolve("dev/audguard/fuzz/TokenValidatorFuzzTestInputs/validate");

    @Test
    void writeFixtureAndTokenSeeds() throws Exception {
        Instant issuedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try (ReferenceIssuer issuer = ReferenceIssuer.builder()
                .realm(Realm.builtInDemo())
                .clock(Clock.fixed(issuedAt, ZoneOffset.UTC))
                .start()) {
            RealmHandle demo = issuer.realm("demo");
            writeFixture(demo, issuedAt.plusSeconds(30));
            Files.createDirectories(VALIDATOR_SEEDS);

            Map<String, String> keycloak = new LinkedHashMap<>();
            keycloak.put("password-grant-service-a", demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken());
            keycloak.put("client-credentials-service-a", demo.clientCredentials("service-a", "a-secret").accessToken());
            keycloak.put("minted-alice-for-service-b", base(demo).sign());
            keycloak.put("minted-with-nbf-and-scopes", base(demo).notBefore(issuedAt).scope("openid profile email").sign());
            keycloak.put("minted-audience-array", base(demo).audience("service-b", "service-c").sign());
            keycloak.put("minted-roles", base(demo).claim("realm_access", Map.of("roles", List.of("user", "admin")))
                    .claim("resource_access", Map.of("service-b", Map.of("roles", List.of("read")))).sign());
            for (Map.Entry<String, String> e : keycloak.entrySet()) {
                write("raw-" + e.getKey(), 0, e.getValue().getBytes(StandardCharsets.US_ASCII));
                write("strict-raw-" + e.getKey(), 2, e.getValue().getBytes(StandardCharsets.US_ASCII));
                String[] parts = e.getValue().split("\\.");
                String header = decode(parts[0]);
                String payload = decode(parts[1]);
                String rsaHeader = header.replaceAll("\"kid\":\"[^\"]*\"", "\"kid\":\"fuzz-rsa\"");
                write("structured-rsa-" + e.getKey(), 1, Inputs.seed(new byte[0], rsaHeader, payload, "\0\0\0\0"));
                write("structured-ec-" + e.getKey(), 1, Inputs.seed(new byte[0],
                        "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"fuzz-ec\"}", payload, "\0\0\0\0"));
                String strictHeader = rsaHeader.replaceAll("\"typ\":\"[^\"]*\"", "\"typ\":\"at+jwt\"");
                write("strict-structured-rsa-" + e.getKey(), 3, Inputs.seed(new byte[0], strictHeader, payload, "\0\0\0\0"));
            }

            // the issuer's clock is fixed at issuedAt
            HostileTokens.Context context = new HostileTokens.RealmContext(demo, Fixture.AUDIENCE, () -> base(demo),
                    Duration.ofSeconds(Fixture.SKEW_SECONDS), 16 * 1024, null);
            for (HostileTokens.Hostile hostile : HostileTokens.catalogue()) {
                String name = hostile.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
                write("hostile-" + name, 0, hostile.token().apply(context).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static TokenMinter base(RealmHandle demo) {
        return demo.mint().subject("alice").audience(Fixture.AUDIENCE).authorizedParty(Fixture.AUTHORIZED_PARTY)
                .scope("profile email");
    }

    private static void writeFixture(RealmHandle demo, Instant now) throws Exception {
        Path file = RESOURCES.resolve(Fixture.RESOURCE);
        Map<String, Object> fuzzKeys;
        if (Files.exists(file)) {
            // keep the fuzzer's own keys: the structured seeds and crash files were signed with them
            fuzzKeys = JSONObjectUtils.getJSONObject(JSONObjectUtils.parse(Files.readString(file)), "fuzzKeys");
        } else {
            fuzzKeys = new JWKSet(List.of(
                    new RSAKeyGenerator(2048).keyID("fuzz-rsa").keyUse(KeyUse.SIGNATURE).generate(),
                    new ECKeyGenerator(Curve.P_256).keyID("fuzz-ec").keyUse(KeyUse.SIGNATURE).algorithm(Algorithm.parse("ES256")).generate(),
                    new RSAKeyGenerator(2048).keyID("attacker-rsa").generate())).toJSONObject(false);
        }
        Map<String, Object> fixture = new LinkedHashMap<>();
        fixture.put("comment", "TEST KEYS ONLY, for the fuzz targets; written by SeedCorpusGenerator");
        fixture.put("issuer", demo.issuerUrl());
        fixture.put("now", now.getEpochSecond());
        fixture.put("fuzzKeys", fuzzKeys);
        fixture.put("issuerKeys", JSONObjectUtils.parse(demo.keys().jwksJson()));
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSONObjectUtils.toJSONString(fixture) + "\n");
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static void write(String name, int mode, byte[] body) throws IOException {
        byte[] seed = new byte[body.length + 1];
        seed[0] = (byte) mode;
        System.arraycopy(body, 0, seed, 1, body.length);
        Files.write(VALIDATOR_SEEDS.resolve(name), seed);
    }
}
