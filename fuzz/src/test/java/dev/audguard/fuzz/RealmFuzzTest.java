package dev.audguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmFormatException;

/**
 * Fuzzes the reference issuer's realm parser through its public API, {@link Realm#fromJson(String)}
 * (its internals are being split, so nothing below the API is touched).
 *
 * <p>Input: the realm-export JSON text. Seeds: the Keycloak 26 demo realm fixture and the issuer's
 * built-in realm.
 *
 * <p>Properties: nothing but {@link RealmFormatException} (the documented error) escapes, and it
 * names a JSON path ({@code $...}) and a problem; a realm that parses answers its accessors
 * ({@code name}, clients, users, ignored features) without failing; each input within {@link Budget}.
 */
class RealmFuzzTest {

    @FuzzTest
    void fromJson(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** The entry point of the command-line campaign (fuzz/campaign.sh); the same checks as {@link #fromJson}. */
    public static void fuzzerTestOneInput(byte[] data) {
        String json = Inputs.text(data);
        Budget.run("Realm", () -> check(json));
    }

    static void check(String json) {
        Realm realm;
        try {
            realm = Realm.fromJson(json);
        } catch (RealmFormatException e) {
            if (e.jsonPath() == null || e.jsonPath().isEmpty() || e.getMessage() == null) {
                throw new AssertionError("a realm format error names no JSON path or problem");
            }
            return;
        }
        if (realm.name() == null || realm.name().isEmpty()) {
            throw new AssertionError("a parsed realm has no name");
        }
        realm.clientIds().forEach(id -> {
            if (id == null) {
                throw new AssertionError("a parsed realm lists a null client id");
            }
        });
        realm.usernames();
        realm.ignoredFeatures();
    }
}
