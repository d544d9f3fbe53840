package dev.audguard.issuer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference issuer answers {@link KeycloakCases}' requests as Keycloak 26.7.3 did when
 * {@code reference-issuer/bin/record-keycloak-answers} recorded them (fixtures in
 * {@code src/test/resources/keycloak-26.7.3/}, one per case), apart from the differences listed in
 * {@link #KNOWN}, each with its reason. A difference not listed fails; so does a listed one that no
 * longer occurs (the list cannot go stale), and so does a case without a fixture or a fixture
 * without a case.
 */
class KeycloakPinnedAnswersIT {

    /** A difference we keep, deliberately or for now: case, JSON path, Keycloak's value, ours, why. */
    record Known(String caseName, String path, String keycloak, String ours, String why) {
        boolean matches(PinnedJson.Difference d) {
            return caseName.equals(d.caseName()) && path.equals(d.path()) && keycloak.equals(d.keycloak())
                    && ours.equals(d.ours());
        }
    }

    private static final String ABSENT = PinnedJson.ABSENT;
    private static final String DIRECTORY = "keycloak-" + KeycloakCases.KEYCLOAK_VERSION;

    /** Keep in step with the README's "Pinned against Keycloak 26.7.3" table. */
    static final List<Known> KNOWN = List.of();

    private static ReferenceIssuer issuer;
    private static Map<String, Map<String, Object>> ours;

    @BeforeAll
    static void run() {
        issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
        ours = new KeycloakCases(issuer.realm("demo").issuerUrl()).runAll();
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @Test
    void everyCaseHasAFixtureAndEveryFixtureACase() {
        List<String> missing = KeycloakCases.CASES.stream().map(KeycloakCases.Case::name)
                .filter(name -> resource(name) == null).collect(Collectors.toList());
        assertThat(missing).as("cases without a recorded fixture (run bin/record-keycloak-answers)").isEmpty();
        assertThat(KeycloakCases.CASES).hasSizeGreaterThanOrEqualTo(20);
        java.net.URL dir = KeycloakPinnedAnswersIT.class.getClassLoader().getResource(DIRECTORY);
        assertThat(dir).isNotNull();
        List<String> names = KeycloakCases.CASES.stream().map(c -> c.name() + ".json").collect(Collectors.toList());
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(dir.toURI()))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("fixtures without a case").isSubsetOf(names);
        } catch (IOException | java.net.URISyntaxException e) {
            throw new AssertionError("cannot list " + dir, e);
        }
    }

    @Test
    void answersAsKeycloakDidApartFromTheKnownDifferences() {
        List<PinnedJson.Difference> unexpected = new ArrayList<>();
        List<Known> seen = new ArrayList<>();
        for (KeycloakCases.Case c : KeycloakCases.CASES) {
            Map<String, Object> keycloak = PinnedJson.parse(resource(c.name()));
            for (PinnedJson.Difference d : PinnedJson.differences(c.name(), keycloak.get("answer"), ours.get(c.name()).get("answer"))) {
                KNOWN.stream().filter(k -> k.matches(d)).findFirst().ifPresentOrElse(seen::add, () -> unexpected.add(d));
            }
        }
        assertThat(unexpected).as("differences from Keycloak 26.7.3 that are not in KNOWN (fix the issuer,"
                + " or list them with a reason); as Java:%n%s", unexpected.stream().map(KeycloakPinnedAnswersIT::asJava)
                .collect(Collectors.joining("\n"))).isEmpty();
        List<Known> stale = new ArrayList<>(KNOWN);
        stale.removeAll(seen);
        assertThat(stale).as("KNOWN entries that no longer occur: remove them (and their README row)").isEmpty();
    }

    private static String asJava(PinnedJson.Difference d) {
        return "new Known(\"" + d.caseName() + "\", \"" + d.path() + "\",\n        " + lit(d.keycloak()) + ",\n        "
                + lit(d.ours()) + ",\n        \"WHY\"),";
    }

    private static String lit(String s) {
        return s.equals(ABSENT) ? "ABSENT" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String resource(String caseName) {
        String name = DIRECTORY + "/" + caseName + ".json";
        try (InputStream in = KeycloakPinnedAnswersIT.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
