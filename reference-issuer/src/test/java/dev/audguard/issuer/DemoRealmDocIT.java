package dev.audguard.issuer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Holds docs/demo-realm.md: every row of its audience and exchange tables is sent to the issuer
 * serving the built-in demo realm, and the answer must be what the row says.
 */
class DemoRealmDocIT {
    private static final Map<String, String> SECRETS = Map.of("service-a", "a-secret", "service-b", "b-secret",
            "service-c", "c-secret", "service-x", "x-secret");
    private static ReferenceIssuer issuer;
    private static RealmHandle demo;

    @BeforeAll
    static void start() {
        issuer = ReferenceIssuer.builder().realm(Realm.builtInDemo()).start();
        demo = issuer.realm("demo");
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @Test
    void everyAudienceRowSaysWhatTheIssuerMints() throws IOException {
        List<String[]> rows = table("## Which audience each token gets");
        assertThat(rows).hasSize(8);
        for (String[] row : rows) {
            String request = row[0];
            TokenResponse response;
            String[] words = request.replace("`", "").split(",\\s*");
            String client = words[1].strip();
            if (request.startsWith("password grant")) {
                String user = words[2].strip();
                String[] scopes = words.length > 3 ? new String[] {words[3].strip().replace("scope=", "")} : new String[0];
                response = demo.passwordGrant(client, "a-secret", user, user, scopes);
            } else {
                response = demo.clientCredentials(client, SECRETS.get(client));
            }
            Map<String, Object> claims = Jwt.claims(response.accessToken());
            assertThat(audiences(claims.get("aud"))).as(request).isEqualTo(words(row[1]));
            assertThat(claims.get("azp")).as(request).isEqualTo(row[2].replace("`", ""));
        }
    }

    @Test
    void everyExchangeRowSaysWhatTheIssuerAnswers() throws IOException {
        List<String[]> rows = table("## Who may exchange whose token for whom");
        assertThat(rows).hasSize(5);
        String alice = demo.passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
        for (String[] row : rows) {
            String requester = row[0].replace("`", "");
            String asked = row[1].replace("`", "");
            String[] audience = asked.equals("(none)") ? new String[0] : new String[] {asked};
            String answer = row[2].replace("`", "");
            if (answer.startsWith("aud ")) {
                Map<String, Object> claims = Jwt.claims(demo.exchange(requester, SECRETS.get(requester), alice, audience).accessToken());
                String[] parts = answer.split(",\\s*");
                assertThat(audiences(claims.get("aud"))).as(requester + " -> " + asked).isEqualTo(words(parts[0].substring(4)));
                assertThat(claims.get("azp")).as(requester + " -> " + asked).isEqualTo(parts[1].substring(4));
            } else {
                TokenRequestException refused = catchThrowableOfType(TokenRequestException.class,
                        () -> demo.exchange(requester, SECRETS.get(requester), alice, audience));
                assertThat(refused).as(requester + " -> " + asked).isNotNull();
                assertThat(refused.error()).as(requester + " -> " + asked).isEqualTo(answer);
            }
        }
    }

    /** The rows of the Markdown table under {@code heading}, cells trimmed, header and rule dropped. */
    private static List<String[]> table(String heading) throws IOException {
        List<String> lines = Files.readAllLines(docs().resolve("demo-realm.md"));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(heading)) {
                start = i;
            }
        }
        assertThat(start).as("heading " + heading).isNotNegative();
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("|")) {
                inTable = true;
                String[] cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::strip).toArray(String[]::new);
                if (!cells[0].startsWith("---") && !cells[0].equals("request") && !cells[0].equals("requester")) {
                    rows.add(cells);
                }
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    private static Path docs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/demo-realm.md"))) {
                return dir.resolve("docs");
            }
        }
        throw new AssertionError("docs/demo-realm.md not found above " + Path.of("").toAbsolutePath());
    }

    private static TreeSet<String> audiences(Object aud) {
        return aud instanceof Collection<?> many ? new TreeSet<>(many.stream().map(String::valueOf).toList())
                : new TreeSet<>(List.of(String.valueOf(aud)));
    }

    private static TreeSet<String> words(String cell) {
        return new TreeSet<>(Arrays.asList(cell.replace("`", "").strip().split("\\s+")));
    }
}
