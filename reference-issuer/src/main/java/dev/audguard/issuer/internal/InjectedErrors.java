package dev.audguard.issuer.internal;

import dev.audguard.issuer.IssuerEndpoint;
import dev.audguard.issuer.OAuthError;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OAuth error answers a test asked for: for the next request(s) to one endpoint, or for every
 * request that presents one token (as a form parameter or a bearer header). Tokens are held only
 * as their SHA-256, as the request log holds them.
 *
 * <p>Thread-safe: all methods are synchronized.
 */
public final class InjectedErrors {

    private record Rule(IssuerEndpoint endpoint, String tokenHash, OAuthError error, int remaining) {
    }

    private final List<Rule> rules = new ArrayList<>();

    public synchronized void nextRequests(IssuerEndpoint endpoint, OAuthError error, int times) {
        rules.add(new Rule(endpoint, null, error, times));
    }

    public synchronized void forToken(String token, OAuthError error) {
        rules.add(new Rule(null, hash(token), error, -1));
    }

    public synchronized void clear() {
        rules.clear();
    }

    public synchronized int size() {
        return rules.size();
    }

    /** The error to answer this request with, counting down one-shot rules; token rules come first. */
    public Optional<OAuthException> take(IssuerEndpoint endpoint, Request req) {
        List<String> presented = presentedTokens(req);
        synchronized (this) {
            for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
                Rule r = it.next();
                if (r.tokenHash() != null && presented.contains(r.tokenHash())) {
                    return Optional.of(toException(endpoint, r.error()));
                }
            }
            for (int i = 0; i < rules.size(); i++) {
                Rule r = rules.get(i);
                if (r.endpoint() == endpoint) {
                    if (r.remaining() == 1) {
                        rules.remove(i);
                    } else if (r.remaining() > 1) {
                        rules.set(i, new Rule(r.endpoint(), null, r.error(), r.remaining() - 1));
                    }
                    return Optional.of(toException(endpoint, r.error()));
                }
            }
        }
        return Optional.empty();
    }

    private static OAuthException toException(IssuerEndpoint endpoint, OAuthError e) {
        String description = e.description() == null ? "" : e.description();
        if (endpoint == IssuerEndpoint.USERINFO && e.status() == 401) {
            return new OAuthException(401, e.error(), description, Map.of("WWW-Authenticate",
                    "Bearer error=\"" + e.error() + "\"" + (e.description() == null ? "" : ", error_description=\"" + description + "\"")));
        }
        return new OAuthException(e.status(), e.error(), description);
    }

    private static List<String> presentedTokens(Request req) {
        List<String> out = new ArrayList<>();
        for (String name : List.of("token", "refresh_token", "subject_token", "actor_token", "code", "access_token")) {
            List<String> values = req.formIfReadable().get(name);
            if (values != null) {
                values.forEach(v -> out.add(hash(v)));
            }
        }
        String authorization = req.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            out.add(hash(authorization.substring(7).trim()));
        }
        return out;
    }

    private static String hash(String token) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
