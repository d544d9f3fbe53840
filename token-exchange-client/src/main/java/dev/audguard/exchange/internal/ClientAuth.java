package dev.audguard.exchange.internal;

import dev.audguard.core.internal.ClientAssertion;
import dev.audguard.exchange.TokenExchangeException.Category;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Client authentication at the token endpoint (RFC 6749 section 2.3, RFC 7523 section 2.2).
 * Not API.
 *
 * <p>{@code toString()} names the client and the method, never the secret or key. Immutable and
 * thread-safe.
 */
public sealed interface ClientAuth {

    /** The client id. */
    String clientId();

    /** The method's registered name, such as {@code client_secret_basic}. */
    String method();

    /** Adds the credentials to a token request. {@code assertionAudience} is used by {@code private_key_jwt} only. */
    void apply(Map<String, List<String>> form, HttpRequest.Builder request, String assertionAudience, Clock clock);

    /** The shared secret, so error texts that echo it can be dropped; null for key-based methods. */
    String secret();

    /**
     * A shared secret: {@code client_secret_basic}, id and secret each form-urlencoded (RFC 6749
     * section 2.3.1) in HTTP Basic; or, {@code inBody}, {@code client_secret_post}: {@code client_id}
     * and {@code client_secret} in the form body.
     */
    record Secret(String clientId, String secret, boolean inBody) implements ClientAuth {
        /** {@code client_secret_basic}. */
        public static Secret basic(String clientId, String secret) {
            return new Secret(clientId, secret, false);
        }

        /** {@code client_secret_post}. */
        public static Secret post(String clientId, String secret) {
            return new Secret(clientId, secret, true);
        }

        @Override
        public String method() {
            return inBody ? "client_secret_post" : "client_secret_basic";
        }

        @Override
        public void apply(Map<String, List<String>> form, HttpRequest.Builder request, String assertionAudience, Clock clock) {
            if (inBody) {
                form.put("client_id", List.of(clientId));
                form.put("client_secret", List.of(secret));
            } else {
                String credentials = enc(clientId) + ":" + enc(secret);
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            }
        }

        /** The client and the method; a record's own {@code toString()} would show the secret. */
        @Override
        public String toString() {
            return method() + "(" + clientId + ")";
        }
    }

    /**
     * {@code private_key_jwt} (RFC 7523 section 2.2): a JWT signed with the client's key, with
     * {@code iss} = {@code sub} = the client id, one {@code aud}, a fresh random {@code jti},
     * {@code iat} and an {@code exp} {@link #ASSERTION_LIFETIME} later; signed by sdk-core's
     * {@link ClientAssertion}, which introspection shares.
     */
    final class PrivateKeyJwt implements ClientAuth {
        /** Short: an assertion is single use, and Keycloak refuses ones issued over 60 s ago. */
        public static final Duration ASSERTION_LIFETIME = ClientAssertion.LIFETIME;

        private final ClientAssertion assertion;

        /**
         * @throws IllegalArgumentException when the algorithm is not an RSA or EC signature algorithm
         *     that fits the key
         */
        public PrivateKeyJwt(String clientId, PrivateKey key, String keyId, String algorithm) {
            this(new ClientAssertion(clientId, key, keyId, algorithm));
        }

        private PrivateKeyJwt(ClientAssertion assertion) {
            this.assertion = assertion;
        }

        /**
         * From a private JWK (RSA or EC). The algorithm comes from the JWK's {@code alg}, else RS256
         * for RSA and the curve's ES algorithm for EC; the key id from its {@code kid}.
         *
         * @throws IllegalArgumentException when the JSON is not a private RSA or EC JWK (the message never contains key material)
         */
        public static PrivateKeyJwt fromJwk(String clientId, String jwkJson) {
            return new PrivateKeyJwt(ClientAssertion.fromJwk(clientId, jwkJson));
        }

        @Override
        public String clientId() {
            return assertion.clientId();
        }

        @Override
        public String method() {
            return "private_key_jwt";
        }

        @Override
        public String secret() {
            return null;
        }

        /** The algorithm assertions are signed with. */
        public String algorithm() {
            return assertion.algorithm();
        }

        @Override
        public void apply(Map<String, List<String>> form, HttpRequest.Builder request, String assertionAudience, Clock clock) {
            form.put("client_assertion_type", List.of(ClientAssertion.TYPE));
            form.put("client_assertion", List.of(sign(assertionAudience, clock.instant())));
        }

        String sign(String audience, Instant now) {
            try {
                return assertion.sign(audience, now);
            } catch (IllegalStateException e) {
                // a key that stopped working (a hardware token removed, say): this client's setup, not the issuer
                throw new ExchangeFailure(Category.CONFIGURATION,
                        "cannot sign the client assertion", null, null, null, null, false, e.getCause());
            }
        }

        @Override
        public String toString() {
            return assertion.toString();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
