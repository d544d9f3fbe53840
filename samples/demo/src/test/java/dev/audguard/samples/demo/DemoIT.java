package dev.audguard.samples.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's flow end to end, as the demo runs it: the reference issuer and the three services
 * started from the jars this build just made, each in its own process, over real HTTP. The DPoP
 * steps (9-13) prove good-service's DPoP acceptance: its metadata lists the proof algorithms, a token
 * the issuer bound to the demo's key passes with a fresh proof, the same proof again and the bound
 * token as {@code Bearer} are refused, and a plain bearer token still passes (step 8).
 */
class DemoIT {
    @Test
    void everyHopBehavesAsDescribed() throws Exception {
        Path root = DemoEnvironment.findRoot(Path.of(""));
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        List<DemoFlow.Step> steps;
        try (DemoEnvironment environment = DemoEnvironment.start(root, Path.of("target/demo-logs"), System.out);
             PrintStream out = new PrintStream(transcript, true, StandardCharsets.UTF_8)) {
            steps = new DemoFlow(environment.issuer, environment.serviceB, environment.serviceC, environment.goodService, out).run();
        }
        String printed = transcript.toString(StandardCharsets.UTF_8);
        System.out.println(printed);

        assertThat(steps).hasSize(16).allSatisfy(step -> assertThat(step.passed()).as(step.title() + "\n" + step.detail()).isTrue());
        assertThat(printed).contains("service-c refuses the same token").contains("error=\"invalid_token\"")
                .contains("All 16 checks behaved as described")
                .contains("aud names the services a token is for; azp names the client that asked for it.")
                .contains("Token exchange (RFC 8693): a service trades the token it received")
                .contains("good-service's RFC 9728 metadata lists DPoP").contains("token_type DPoP")
                .contains("her token is bound to the demo's key").contains("good-service accepts it with a fresh proof")
                .contains("refuses the same proof sent again (replay)").contains("error=\"invalid_dpop_proof\"")
                .contains("refuses the bound token sent as Bearer");
        assertThat(printed.lines().filter(line -> line.contains("refuses") || line.contains("forwards it unchanged")))
                .as("refusals that are the point of a step are marked as expected, not [ok]")
                .hasSize(5).allSatisfy(line -> assertThat(line).endsWith("[refused, as expected]"));
    }
}
