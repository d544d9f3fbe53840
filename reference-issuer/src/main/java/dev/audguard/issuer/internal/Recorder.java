package dev.audguard.issuer.internal;

import dev.audguard.issuer.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A realm's request log: the last {@value #CAPACITY} requests, with secrets removed before they are
 * stored (never redacted on the way out: what is not kept cannot leak).
 *
 * <p>Thread-safe: all methods are synchronized.
 */
public final class Recorder {

    static final int CAPACITY = 10_000;
    /** Values that could be guessed from a hash: not even a fingerprint is kept. */
    private static final Set<String> SECRETS = Set.of("password", "client_secret");
    /** Names that look secret but are not: their values are kept. */
    private static final Set<String> PLAIN = Set.of("token_type_hint", "subject_token_type", "actor_token_type",
            "requested_token_type", "client_assertion_type", "response_type", "code_challenge", "code_challenge_method");
    /** Anything else that carries a token, code or assertion is kept as a fingerprint (fail closed on new names). */
    private static final Pattern TOKEN_LIKE = Pattern.compile(".*(token|secret|password|assertion|code|verifier|credential).*");

    private final ArrayDeque<RecordedRequest> entries = new ArrayDeque<>();

    public void record(RealmRuntime rt, Request req) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        req.queryParams().forEach((k, v) -> params.put(k, v.stream().map(value -> redact(k, value)).toList()));
        req.formIfReadable().forEach((k, v) -> params.merge(k, v.stream().map(value -> redact(k, value)).toList(),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        String authenticated = req.authenticatedClient();
        String clientId = authenticated != null ? authenticated
                : ClientAuth.basicClientId(req.header("Authorization")).orElseGet(() -> first(params, "client_id"));
        RecordedRequest entry = new RecordedRequest(rt.now(), req.method(), endpointName(req.route()), req.route(),
                first(params, "grant_type"), clientId, authenticated != null, params, req.status());
        synchronized (this) {
            if (entries.size() == CAPACITY) {
                entries.removeFirst();
            }
            entries.addLast(entry);
        }
    }

    public synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    static String redact(String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (PLAIN.contains(lower) || value.isEmpty()) {
            return value;
        }
        if (SECRETS.contains(lower)) {
            return "(redacted)";
        }
        return TOKEN_LIKE.matcher(lower).matches() ? "(redacted sha256:" + fingerprint(value) + ")" : value;
    }

    /** The first 8 hex digits of the SHA-256 of a value: tells tokens apart without keeping them. */
    public static String fingerprint(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String endpointName(String route) {
        return switch (route) {
            case "/protocol/openid-connect/token" -> "token";
            case "/protocol/openid-connect/token/introspect" -> "introspect";
            case "/protocol/openid-connect/userinfo" -> "userinfo";
            case "/protocol/openid-connect/certs" -> "certs";
            case "/protocol/openid-connect/auth" -> "auth";
            case "/protocol/openid-connect/revoke" -> "revoke";
            case "/protocol/openid-connect/logout" -> "logout";
            case "/.well-known/openid-configuration" -> "discovery";
            case "/.well-known/oauth-authorization-server" -> "oauth-authorization-server";
            case "", "/" -> "realm";
            default -> route.startsWith("/.well-known/oauth-authorization-server/") ? "oauth-authorization-server" : "other";
        };
    }
}
