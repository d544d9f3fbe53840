package dev.audguard.issuer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs {@link KeycloakCases} against a running Keycloak and writes one normalised fixture per case.
 * Not a test: {@code reference-issuer/bin/record-keycloak-answers} starts Keycloak 26.7.3 with the
 * demo realm and runs this. Usage: {@code RecordKeycloakAnswers REALM_URL OUTPUT_DIR}, e.g.
 * {@code http://127.0.0.1:18080/realms/demo reference-issuer/src/test/resources/keycloak-26.7.3}.
 */
public final class RecordKeycloakAnswers {

    private RecordKeycloakAnswers() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: RecordKeycloakAnswers REALM_URL OUTPUT_DIR");
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        try (var old = Files.list(out)) {
            for (Path p : old.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                Files.delete(p);
            }
        }
        Map<String, Map<String, Object>> answers = new KeycloakCases(args[0]).runAll();
        for (Map.Entry<String, Map<String, Object>> e : answers.entrySet()) {
            Files.writeString(out.resolve(e.getKey() + ".json"), PinnedJson.pretty(e.getValue()), StandardCharsets.UTF_8);
            Object status = ((Map<?, ?>) e.getValue().get("answer")).get("status");
            System.out.println("recorded " + e.getKey() + (status == null ? "" : " (HTTP " + status + ")"));
        }
    }
}
