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

    /**
     * Keep in step with the README's "Pinned against Keycloak 26.7.3" table. Values are compact JSON with
     * sorted keys, as {@link PinnedJson#compact} writes them; a failing run prints new entries in this form.
     * What is not here was fixed in the issuer and is pinned: Pragma on token errors, 400 for bad user
     * credentials, 401 for a client without service account, introspection's "Client authentication failed.",
     * refresh tokens inactive at introspection, userinfo's openid scope and empty-bodied refusals, no
     * auth_time in direct-grant tokens, cnf.kc-jkt-type, refresh tokens' kid, scope, aud_x and prov.
     */
    static final List<Known> KNOWN = List.of(
            new Known("discovery", "$.body.backchannel_logout_supported",
                    "true",
                    ABSENT,
                    "no back-channel logout (nor front-channel): the issuer has no browser sessions to end elsewhere; absent means false (OpenID Back-Channel Logout 1.0 section 2.1)"),
            new Known("discovery", "$.body.claims_parameter_supported",
                    "true",
                    "false",
                    "the OpenID Connect claims request parameter is not implemented, and the issuer says so"),
            new Known("discovery", "$.body.code_challenge_methods_supported",
                    "[\"S256\",\"plain\"]",
                    "[\"S256\"]",
                    "deliberate: PKCE plain is refused (README \"Differences from Keycloak\"); Keycloak accepts it by default"),
            new Known("discovery", "$.body.dpop_signing_alg_values_supported",
                    "[\"ES256\",\"ES384\",\"ES512\",\"EdDSA\",\"PS256\",\"PS384\",\"PS512\",\"RS256\",\"RS384\",\"RS512\"]",
                    "[\"ES256\",\"ES384\",\"ES512\",\"PS256\",\"PS384\",\"PS512\",\"RS256\",\"RS384\",\"RS512\"]",
                    "EdDSA proofs need Tink beside Nimbus; the module keeps to Nimbus alone"),
            new Known("discovery", "$.body.grant_types_supported",
                    "[\"authorization_code\",\"client_credentials\",\"implicit\",\"password\",\"refresh_token\",\"urn:ietf:params:oauth:grant-type:device_code\",\"urn:ietf:params:oauth:grant-type:jwt-bearer\",\"urn:ietf:params:oauth:grant-type:token-exchange\",\"urn:ietf:params:oauth:grant-type:uma-ticket\",\"urn:openid:params:grant-type:ciba\"]",
                    "[\"authorization_code\",\"client_credentials\",\"password\",\"refresh_token\",\"urn:ietf:params:oauth:grant-type:token-exchange\"]",
                    "implicit, device code, CIBA, UMA and jwt-bearer grants are not implemented, and discovery says only what is"),
            new Known("discovery", "$.body.id_token_signing_alg_values_supported",
                    "[\"ES256\",\"ES384\",\"ES512\",\"EdDSA\",\"HS256\",\"HS384\",\"HS512\",\"PS256\",\"PS384\",\"PS512\",\"RS256\",\"RS384\",\"RS512\"]",
                    "[\"ES256\",\"ES384\",\"ES512\",\"PS256\",\"PS384\",\"PS512\",\"RS256\",\"RS384\",\"RS512\"]",
                    "ID tokens are signed with RS/PS/ES only: no HMAC (client-secret) and no EdDSA signing keys"),
            new Known("discovery", "$.body.introspection_endpoint_auth_methods_supported",
                    "[\"client_secret_basic\",\"client_secret_jwt\",\"client_secret_post\",\"private_key_jwt\",\"tls_client_auth\"]",
                    "[\"client_secret_basic\",\"client_secret_post\",\"private_key_jwt\"]",
                    "client-secret-jwt and tls_client_auth client authentication are not implemented (README)"),
            new Known("discovery", "$.body.mtls_endpoint_aliases.backchannel_authentication_endpoint",
                    "\"{base}/realms/demo/protocol/openid-connect/ext/ciba/auth\"",
                    ABSENT,
                    "no CIBA endpoint, so no mTLS alias for it"),
            new Known("discovery", "$.body.mtls_endpoint_aliases.device_authorization_endpoint",
                    "\"{base}/realms/demo/protocol/openid-connect/auth/device\"",
                    ABSENT,
                    "no device flow endpoint, so no mTLS alias for it"),
            new Known("discovery", "$.body.mtls_endpoint_aliases.pushed_authorization_request_endpoint",
                    "\"{base}/realms/demo/protocol/openid-connect/ext/par/request\"",
                    ABSENT,
                    "no PAR endpoint, so no mTLS alias for it"),
            new Known("discovery", "$.body.mtls_endpoint_aliases.registration_endpoint",
                    "\"{base}/realms/demo/clients-registrations/openid-connect\"",
                    ABSENT,
                    "no dynamic client registration, so no mTLS alias for it"),
            new Known("discovery", "$.body.response_modes_supported",
                    "[\"form_post\",\"form_post.jwt\",\"fragment\",\"fragment.jwt\",\"jwt\",\"query\",\"query.jwt\"]",
                    "[\"query\"]",
                    "the authorization endpoint answers by query only (no form_post, fragment or JARM)"),
            new Known("discovery", "$.body.response_types_supported",
                    "[\"code\",\"code id_token\",\"code id_token token\",\"code token\",\"id_token\",\"id_token token\",\"none\",\"token\"]",
                    "[\"code\"]",
                    "code flow only: no implicit or hybrid response types"),
            new Known("discovery", "$.body.revocation_endpoint_auth_methods_supported",
                    "[\"client_secret_basic\",\"client_secret_jwt\",\"client_secret_post\",\"private_key_jwt\",\"tls_client_auth\"]",
                    "[\"client_secret_basic\",\"client_secret_post\",\"private_key_jwt\"]",
                    "client-secret-jwt and tls_client_auth client authentication are not implemented (README)"),
            new Known("discovery", "$.body.subject_types_supported",
                    "[\"pairwise\",\"public\"]",
                    "[\"public\"]",
                    "no pairwise subject identifiers"),
            new Known("discovery", "$.body.token_endpoint_auth_methods_supported",
                    "[\"client_secret_basic\",\"client_secret_jwt\",\"client_secret_post\",\"private_key_jwt\",\"tls_client_auth\"]",
                    "[\"client_secret_basic\",\"client_secret_post\",\"private_key_jwt\"]",
                    "client-secret-jwt and tls_client_auth client authentication are not implemented (README)"),
            new Known("discovery", "$.body.token_endpoint_auth_signing_alg_values_supported",
                    "[\"ES256\",\"ES384\",\"ES512\",\"EdDSA\",\"HS256\",\"HS384\",\"HS512\",\"PS256\",\"PS384\",\"PS512\",\"RS256\",\"RS384\",\"RS512\"]",
                    "[\"ES256\",\"ES384\",\"ES512\",\"EdDSA\",\"PS256\",\"PS384\",\"PS512\",\"RS256\",\"RS384\",\"RS512\"]",
                    "client-secret-jwt (HS256/384/512 assertions) is not implemented; private_key_jwt assertions in EdDSA are"),
            new Known("jwks", "$.body.keys",
                    "[{\"alg\":\"RS256\",\"kty\":\"RSA\",\"members\":[\"alg\",\"e\",\"kid\",\"kty\",\"n\",\"use\",\"x5c\",\"x5t\",\"x5t#S256\"],\"use\":\"sig\"},{\"alg\":\"RSA-OAEP\",\"kty\":\"RSA\",\"members\":[\"alg\",\"e\",\"kid\",\"kty\",\"n\",\"use\",\"x5c\",\"x5t\",\"x5t#S256\"],\"use\":\"enc\"}]",
                    "[{\"alg\":\"RS256\",\"kty\":\"RSA\",\"members\":[\"alg\",\"e\",\"kid\",\"kty\",\"n\",\"use\"],\"use\":\"sig\"},{\"alg\":\"RSA-OAEP\",\"kty\":\"RSA\",\"members\":[\"alg\",\"e\",\"kid\",\"kty\",\"n\",\"use\"],\"use\":\"enc\"}]",
                    "the JWKS lists no X.509 certificates (x5c, x5t, x5t#S256): Keycloak wraps each key in a self-signed certificate; JWT verification does not use them (README)"),
            new Known("jwks", "$.headers.cache-control",
                    "\"no-cache\"",
                    "\"max-age=300\"",
                    "deliberate: the issuer sends max-age=300 (ReferenceIssuer.Builder.jwksMaxAge) so tests can exercise a verifier's key cache; Keycloak sends no-cache"));

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
