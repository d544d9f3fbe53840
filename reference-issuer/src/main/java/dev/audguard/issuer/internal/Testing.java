package dev.audguard.issuer.internal;

import dev.audguard.issuer.IssuerEndpoint;
import dev.audguard.issuer.OAuthError;
import dev.audguard.issuer.RecordedRequest;
import dev.audguard.issuer.internal.Faults.Kind;
import dev.audguard.issuer.internal.Faults.Spec;
import dev.audguard.issuer.internal.Faults.Target;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code {base}/realms/{realm}/testing/...}: key rotation, fault injection, the attacker's JWKS and
 * the offline audience explanation, for the standalone server. Unauthenticated by design: this is a
 * test server.
 *
 * <ul>
 *   <li>{@code GET keys}; {@code POST keys/rotate}; {@code POST keys/retire?kid=...};
 *       {@code POST keys/publish} (a JWK as JSON body, served verbatim); {@code DELETE keys/publish?kid=...}</li>
 *   <li>{@code POST faults/{jwks|token|discovery|introspection|userinfo}?type=down|slow|status|garbage
 *       [&delay_ms=N][&status=N][&times=N]}; {@code DELETE faults/{target}}; {@code DELETE faults}
 *       or {@code POST faults/clear}</li>
 *   <li>{@code GET evaluate?client_id=..[&username=..][&scope=..]}</li>
 *   <li>{@code GET clock}; {@code POST clock/advance?seconds=N} (negative moves back); {@code POST clock/freeze};
 *       {@code POST clock/resume}: the issuer's one clock, for every realm</li>
 *   <li>{@code GET attacker-jwks}: the public half of the key hostile tokens are signed with</li>
 *   <li>{@code GET realm}, and changes to users, clients, roles, groups and mappers: {@link TestingChanges}</li>
 *   <li>{@code GET requests}, {@code DELETE requests}: the request log (redacted)</li>
 *   <li>{@code POST errors/{token|introspection|userinfo|revocation|logout}?error=..[&error_description=..][&status=..][&times=N]};
 *       {@code POST errors/for-token} (form {@code token=..&error=..}); {@code DELETE errors}</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
public final class Testing {

    private Testing() {
    }

    public static void handle(RealmRuntime rt, Request req, String path) {
        String method = req.method();
        if (path.equals("keys")) {
            IssuerServer.only(req, "GET");
            req.json(200, keys(rt));
        } else if (path.equals("keys/rotate")) {
            IssuerServer.only(req, "POST");
            rt.keys().rotate();
            req.json(200, keys(rt));
        } else if (path.equals("keys/retire")) {
            IssuerServer.only(req, "POST");
            String kid = param(req, "kid");
            if (kid == null) {
                throw OAuthException.invalidRequest("Missing parameter: kid");
            }
            try {
                rt.keys().retire(kid);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw OAuthException.invalidRequest(e.getMessage());
            }
            req.json(200, keys(rt));
        } else if (path.equals("keys/publish")) {
            if ("DELETE".equals(method)) {
                String kid = req.query("kid");
                if (kid == null) {
                    throw OAuthException.invalidRequest("Missing parameter: kid");
                }
                if (!rt.keys().withdraw(kid)) {
                    throw new OAuthException(404, "not_found", "No verbatim key with that kid");
                }
            } else {
                IssuerServer.only(req, "POST");
                Map<String, Object> jwk = Json.parseObject(req.body())
                        .orElseThrow(() -> OAuthException.invalidRequest("Expected a JWK as a JSON object"));
                try {
                    rt.keys().publishVerbatim(jwk);
                } catch (IllegalArgumentException e) {
                    throw OAuthException.invalidRequest(e.getMessage());
                }
            }
            req.json(200, keys(rt));
        } else if (path.equals("faults") || path.equals("faults/clear")) {
            if (!"DELETE".equals(method) && !"POST".equals(method) || path.equals("faults") && "POST".equals(method)) {
                throw new OAuthException(405, "invalid_request", "Method not allowed", Map.of("Allow", "DELETE"));
            }
            rt.faults().clear();
            req.json(200, faults(rt));
        } else if (path.startsWith("faults/")) {
            Target target = target(path.substring("faults/".length()));
            if ("DELETE".equals(method)) {
                rt.faults().clear(target);
            } else {
                IssuerServer.only(req, "POST");
                rt.faults().set(target, spec(req));
            }
            req.json(200, faults(rt));
        } else if (path.equals("requests")) {
            if ("DELETE".equals(method)) {
                rt.recorder().clear();
            } else {
                IssuerServer.only(req, "GET");
            }
            req.json(200, requests(rt));
        } else if (path.equals("errors")) {
            if (!"DELETE".equals(method)) {
                throw new OAuthException(405, "invalid_request", "Method not allowed", Map.of("Allow", "DELETE"));
            }
            rt.errors().clear();
            req.json(200, Map.of("errors", rt.errors().size()));
        } else if (path.startsWith("errors/")) {
            IssuerServer.only(req, "POST");
            OAuthError error = oauthError(req);
            String which = path.substring("errors/".length());
            if (which.equals("for-token")) {
                String token = param(req, "token");
                if (token == null) {
                    throw OAuthException.invalidRequest("Missing parameter: token");
                }
                rt.errors().forToken(token, error);
            } else {
                IssuerEndpoint endpoint = java.util.Arrays.stream(IssuerEndpoint.values())
                        .filter(e -> e.name().equalsIgnoreCase(which)).findFirst()
                        .orElseThrow(() -> new OAuthException(404, "not_found",
                                "Unknown endpoint; one of token, introspection, userinfo, revocation, logout, for-token"));
                rt.errors().nextRequests(endpoint, error, (int) number(param(req, "times"), "times", 1, 1, 1_000_000));
            }
            req.json(200, Map.of("errors", rt.errors().size()));
        } else if (path.equals("clock")) {
            IssuerServer.only(req, "GET");
            req.json(200, clock(rt));
        } else if (path.startsWith("clock/")) {
            IssuerServer.only(req, "POST");
            switch (path.substring("clock/".length())) {
                case "advance" -> rt.clock().advance(Duration.ofSeconds(
                        number(param(req, "seconds"), "seconds", -1, -315_360_000L, 315_360_000L)));
                case "freeze" -> rt.clock().freeze();
                case "resume" -> rt.clock().resume();
                default -> throw new OAuthException(404, "not_found", "No such testing endpoint");
            }
            req.json(200, clock(rt));
        } else if (path.equals("evaluate")) {
            IssuerServer.only(req, "GET");
            req.json(200, Explain.report(rt, req.query("client_id"), req.query("username"), req.query("scope")));
        } else if (TestingChanges.handles(path)) {
            TestingChanges.handle(rt, req, path);
        } else if (path.equals("attacker-jwks")) {
            IssuerServer.only(req, "GET");
            req.json(200, new com.nimbusds.jose.jwk.JWKSet(rt.keys().attackerKey().toPublicJWK()).toJSONObject(true));
        } else {
            req.json(404, IssuerServer.error("not_found", "No such testing endpoint"));
        }
    }

    /** Parameters may come in the query or, for POST, in a form body. */
    private static String param(Request req, String name) {
        String v = req.query(name);
        if (v == null && "POST".equals(req.method()) && req.header("Content-Type") != null) {
            v = req.form(name);
        }
        return v;
    }

    private static Map<String, Object> keys(RealmRuntime rt) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active_kid", rt.keys().activeKeyId());
        out.put("published_kids", rt.keys().publishedKeyIds());
        out.put("verbatim_kids", rt.keys().verbatimKeyIds());
        Map<String, Object> states = new LinkedHashMap<>();
        rt.keys().states().forEach((kid, state) -> states.put(kid, state.name().toLowerCase(Locale.ROOT)));
        out.put("states", states);
        return out;
    }

    private static OAuthError oauthError(Request req) {
        String error = param(req, "error");
        if (error == null) {
            throw OAuthException.invalidRequest("Missing parameter: error");
        }
        int status = (int) number(param(req, "status"), "status", 400, 400, 599);
        try {
            return OAuthError.of(status, error, param(req, "error_description"));
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest(e.getMessage());
        }
    }

    private static Map<String, Object> requests(RealmRuntime rt) {
        List<Object> out = new java.util.ArrayList<>();
        for (RecordedRequest r : rt.recorder().snapshot()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", r.at().toString());
            m.put("method", r.method());
            m.put("endpoint", r.endpoint());
            m.put("path", r.path());
            m.put("grant_type", r.grantType());
            m.put("client_id", r.clientId());
            m.put("client_authenticated", r.clientAuthenticated());
            m.put("parameters", r.parameters());
            m.put("status", r.status());
            out.add(m);
        }
        return Map.of("requests", out);
    }

    private static Map<String, Object> clock(RealmRuntime rt) {
        Map<String, Object> out = new LinkedHashMap<>();
        java.time.Instant now = rt.clock().instant();
        out.put("now", now.getEpochSecond());
        out.put("now_iso", now.toString());
        out.put("offset_seconds", rt.clock().offset().toSeconds());
        out.put("frozen", rt.clock().frozen());
        return out;
    }

    private static Map<String, Object> faults(RealmRuntime rt) {
        Map<String, Object> out = new LinkedHashMap<>();
        rt.faults().snapshot().forEach((target, spec) -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("type", spec.kind().name().toLowerCase(Locale.ROOT));
            if (spec.kind() == Kind.SLOW) {
                f.put("delay_ms", spec.delay().toMillis());
            }
            if (spec.kind() == Kind.STATUS) {
                f.put("status", spec.status());
            }
            if (spec.remaining() > 0) {
                f.put("times", spec.remaining());
            }
            out.put(target.name().toLowerCase(Locale.ROOT), f);
        });
        return Map.of("faults", out);
    }

    private static Target target(String name) {
        for (Target t : Target.values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new OAuthException(404, "not_found", "Unknown fault target; one of jwks, token, discovery, introspection, userinfo");
    }

    private static Spec spec(Request req) {
        Kind kind = IssuerServer.kind(param(req, "type"));
        long delay = number(param(req, "delay_ms"), "delay_ms", kind == Kind.SLOW ? -1 : 0, 0, 600_000);
        int status = (int) number(param(req, "status"), "status", kind == Kind.STATUS ? -1 : 500, 200, 599);
        int times = (int) number(param(req, "times"), "times", 0, 1, 1_000_000);
        return new Spec(kind, Duration.ofMillis(delay), status, times == 0 ? -1 : times);
    }

    private static long number(String raw, String name, long fallback, long min, long max) {
        if (raw == null) {
            if (fallback < 0) {
                throw OAuthException.invalidRequest("Missing parameter: " + name);
            }
            return fallback;
        }
        try {
            long v = Long.parseLong(raw);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw OAuthException.invalidRequest("Parameter " + name + " must be a whole number from " + min + " to " + max);
        }
    }

    static List<String> targets() {
        return List.of("jwks", "token", "discovery", "introspection", "userinfo");
    }
}
