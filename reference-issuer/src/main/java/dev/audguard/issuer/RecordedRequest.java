package dev.audguard.issuer;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request a realm received, as the {@link RequestLog} keeps it: when (on the issuer's clock),
 * which endpoint, which grant, which client, its query and form parameters, and the status answered.
 *
 * <p>Secrets never get in: {@code password} and {@code client_secret} values read {@code (redacted)};
 * tokens, codes, verifiers and assertions ({@code refresh_token}, {@code subject_token},
 * {@code actor_token}, {@code token}, {@code code}, {@code code_verifier}, {@code client_assertion},
 * ...) read {@code (redacted sha256:1a2b3c4d)}, the first 8 hex digits of their SHA-256, so two
 * requests can be told apart (did the service exchange the same token twice?) without the token
 * being kept. The {@code Authorization} header is not kept either, only the client id it names.
 *
 * @param at when the request arrived, on {@link ReferenceIssuer#clock()}
 * @param method the HTTP method
 * @param endpoint a short name: {@code token}, {@code introspect}, {@code userinfo}, {@code certs},
 *     {@code discovery} (OpenID Connect), {@code oauth-authorization-server} (RFC 8414, either URL),
 *     {@code auth}, {@code revoke}, {@code logout}, {@code realm} or {@code other}
 * @param path the path below the realm, e.g. {@code /protocol/openid-connect/token}; for RFC 8414's
 *     path-inserted URL {@code /.well-known/oauth-authorization-server/realms/{realm}}
 * @param grantType the {@code grant_type} form parameter, or null
 * @param clientId the client that authenticated or, when none did, the one the request named
 *     (Basic header or {@code client_id}); null when neither
 * @param clientAuthenticated whether that client proved who it is on this request
 * @param parameters query then form parameters, redacted as above, in the order sent
 * @param status the HTTP status answered, 0 when the connection was dropped (an injected fault)
 *
 * <p>Immutable and thread-safe.
 */
public record RecordedRequest(Instant at, String method, String endpoint, String path, String grantType, String clientId,
        boolean clientAuthenticated, Map<String, List<String>> parameters, int status) {

    public RecordedRequest {
        Objects.requireNonNull(at, "at");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        parameters.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        parameters = Collections.unmodifiableMap(copy);
    }

    /** The first value of a (redacted) parameter. */
    public Optional<String> parameter(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** True for a token-endpoint request with this {@code grant_type}. */
    public boolean isGrant(String grant) {
        return "token".equals(endpoint) && grant.equals(grantType);
    }
}
