package dev.audguard.issuer;

import dev.audguard.issuer.internal.Json;

import java.util.List;
import java.util.Map;

/**
 * Keycloak's "Evaluate client scopes", offline: the access-token claims a request would produce and,
 * for each audience, why it is there (which mapper, scope and role). The same report is served at
 * {@code {issuer}/testing/evaluate?client_id=..&username=..&scope=..}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Evaluation {

    private final Map<String, Object> report;

    Evaluation(Map<String, Object> report) {
        this.report = Map.copyOf(report);
    }

    /** The {@code aud} values an access token would carry, in order; empty when it would carry none. */
    @SuppressWarnings("unchecked")
    public List<String> audience() {
        return (List<String>) report.get("audience");
    }

    /** For each audience, the mappers and roles that put it there. */
    @SuppressWarnings("unchecked")
    public Map<String, List<String>> reasons() {
        return (Map<String, List<String>>) report.get("audience_reasons");
    }

    /** The {@code aud} of the ID token: the client id plus audience mappers with {@code id.token.claim}. */
    @SuppressWarnings("unchecked")
    public List<String> idTokenAudience() {
        return (List<String>) report.get("id_token_audience");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> accessTokenClaims() {
        return (Map<String, Object>) report.get("access_token_claims");
    }

    public String scope() {
        return (String) report.get("scope");
    }

    /** True when the token would carry no {@code aud} claim at all, which audience checks reject. */
    public boolean hasNoAudience() {
        return Boolean.TRUE.equals(report.get("no_audience"));
    }

    /** Skipped scopes, mappers that resolved nothing, and warnings such as a missing {@code aud}. */
    @SuppressWarnings("unchecked")
    public List<String> notes() {
        List<String> notes = new java.util.ArrayList<>((List<String>) report.get("notes"));
        notes.addAll((List<String>) report.get("warnings"));
        return List.copyOf(notes);
    }

    /** The whole report as the HTTP endpoint serves it. */
    public String toJson() {
        return Json.write(report);
    }

    @Override
    public String toString() {
        return "Evaluation[client=" + report.get("client_id") + ", user=" + report.get("username") + ", aud=" + audience() + "]";
    }
}
