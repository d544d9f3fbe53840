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
 * started from the jars this build just made, each in its own process, over real HTTP.
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

        assertThat(steps).hasSize(10).allSatisfy(step -> assertThat(step.passed()).as(step.title() + "\n" + step.detail()).isTrue());
        assertThat(printed).contains("service-c refuses the same token").contains("error=\"invalid_token\"")
                .contains("All 10 checks behaved as described")
                .contains("aud names the services a token is for; azp names the client that asked for it.")
                .contains("Token exchange (RFC 8693): a service trades the token it received");
        assertThat(printed.lines().filter(line -> line.contains("refuses") || line.contains("forwards it unchanged")))
                .as("refusals that are the point of a step are marked as expected, not [ok]")
                .hasSize(3).allSatisfy(line -> assertThat(line).endsWith("[refused, as expected]"));
    }
}
