package dev.audguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.Reason;
import dev.audguard.core.TokenValidationException;
import dev.audguard.core.ValidationListener;
import dev.audguard.core.internal.HttpFetcher;
import dev.audguard.core.internal.KeySourceSettings;
import dev.audguard.core.internal.RemoteJwksKeySource;
import dev.audguard.core.internal.VerificationKey;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Fuzzes issuer discovery: the OpenID Connect discovery document (and the RFC 8414 metadata tried
 * after it) that {@link RemoteJwksKeySource} fetches over real HTTP from a loopback server, then the
 * JWKS it names.
 *
 * <p>Input: a control byte (bit 0: the OpenID Connect document answers 404, so the RFC 8414 one is
 * read; bit 1: the RFC 8414 document answers too), then the document text; {@code {{issuer}}} and
 * {@code {{base}}} in it become the configured issuer and the server's base URL, so seeds can name
 * them although the port changes every run. The server publishes the fuzzer's keys at {@code /jwks}
 * only.
 *
 * <p>Properties: selecting a key throws nothing but {@link TokenValidationException}
 * ({@code keys_unavailable}) with its fixed text; a key is found only when the document that was
 * read is a JSON object whose {@code issuer} is exactly the configured one and whose
 * {@code jwks_uri} names the server's {@code /jwks}; each input within {@link Budget}.
 */
class DiscoveryFuzzTest {
    private static final Fixture FIXTURE = Fixture.load();
    private static final LoopbackServer SERVER = new LoopbackServer();
    private static final String ISSUER = SERVER.base() + "/realms/fuzz";
    private static final String OIDC_PATH = "/realms/fuzz/.well-known/openid-configuration";
    private static final String RFC8414_PATH = "/.well-known/oauth-authorization-server/realms/fuzz";
    private static final KeySourceSettings SETTINGS = new KeySourceSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
            512 * 1024, false, false, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(24), 0.8,
            Duration.ofSeconds(10), Duration.ofHours(24));
    private static final HttpFetcher FETCHER = new HttpFetcher(SETTINGS);

    static {
        SERVER.answer("/jwks", LoopbackServer.Answer.json(200, FIXTURE.trustedJwks()));
    }

    @FuzzTest
    void discover(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** The entry point of the command-line campaign (fuzz/campaign.sh); the same checks as {@link #discover}. */
    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int control = data[0] & 0xFF;
        String document = Inputs.text(Arrays.copyOfRange(data, 1, data.length))
                .replace("{{issuer}}", ISSUER).replace("{{base}}", SERVER.base().toString());
        boolean oidcMissing = (control & 1) != 0;
        boolean rfc8414Answers = (control & 2) != 0;
        SERVER.answer(OIDC_PATH, oidcMissing ? null : LoopbackServer.Answer.json(200, document));
        SERVER.answer(RFC8414_PATH, rfc8414Answers ? LoopbackServer.Answer.json(200, document) : null);
        boolean documentRead = !oidcMissing || rfc8414Answers;
        Budget.run("Discovery", Budget.MAX_WALL_MILLIS_OVER_HTTP, () -> check(document, documentRead));
    }

    static void check(String document, boolean documentRead) {
        RemoteJwksKeySource source = RemoteJwksKeySource.forIssuer(ISSUER, FETCHER, SETTINGS, Clock.systemUTC(),
                ValidationListener.none(), removed -> { });
        VerificationKey key;
        try {
            key = source.select("fuzz-rsa", JWSAlgorithm.RS256);
        } catch (TokenValidationException e) {
            FixedTexts.assertFixed(e);
            if (e.reason() != Reason.KEYS_UNAVAILABLE && e.reason() != Reason.UNKNOWN_KEY) {
                throw new AssertionError("discovery failed with " + e.reason().code());
            }
            return;
        }
        if (key == null) {
            throw new AssertionError("a key source answered null");
        }
        if (!documentRead || !Reference.names(document)) {
            throw new AssertionError("keys were found through a document that does not name this issuer's /jwks: "
                    + BearerTokensFuzzTest.escape(document));
        }
    }

    /** OpenID Connect Discovery 1.0 section 4.3 and RFC 8414 section 3.3, read independently. */
    static final class Reference {
        private Reference() {
        }

        static boolean names(String document) {
            Map<String, Object> json;
            try {
                json = JSONObjectUtils.parse(document);
            } catch (ParseException | RuntimeException e) {
                return false;
            }
            if (!ISSUER.equals(json.get("issuer")) || !(json.get("jwks_uri") instanceof String jwks)) {
                return false;
            }
            URI uri;
            try {
                uri = new URI(jwks);
            } catch (java.net.URISyntaxException e) {
                return false;
            }
            return "http".equalsIgnoreCase(uri.getScheme()) && uri.getPort() == SERVER.port()
                    && uri.getHost() != null && HttpFetcher.isLoopback(uri.getHost())
                    && "/jwks".equals(uri.getRawPath());
        }
    }
}
