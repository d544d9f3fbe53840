package dev.audguard.spring.internal;

import dev.audguard.spring.server.PathRules;

import java.util.List;

/**
 * A start-up failure caused by audguard's configuration, with what to do about it; turned into a
 * readable report by {@link AudguardFailureAnalyzer}. Messages name properties, never a secret.
 * Not API.
 *
 * <p>Immutable and thread-safe.
 */
public final class AudguardConfigurationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String action;

    /** A failure described by {@code description}, fixed by {@code action}. */
    public AudguardConfigurationException(String description, String action) {
        this(description, action, null);
    }

    /** As {@link #AudguardConfigurationException(String, String)}, caused by {@code cause}. */
    public AudguardConfigurationException(String description, String action, Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    /** What to change to fix it. */
    public String action() {
        return action;
    }

    /** No audience is configured for {@code issuer} and the check was not explicitly disabled. */
    static AudguardConfigurationException noAudience(String issuer) {
        return new AudguardConfigurationException(
                "audguard: no audience is configured for the trusted issuer " + issuer + ", so an access token minted "
                        + "for any other service of that issuer would be accepted here.",
                "Set spring.security.oauth2.resourceserver.jwt.audiences (or audguard.audiences, or the issuer's own "
                        + "audguard.issuers[n].audiences) to this service's client id, the value the issuer puts in aud. "
                        + "Only if this service checks the audience some other way, set audguard.disable-audience-check=true.");
    }

    /**
     * Refuses two {@code audguard.paths} patterns (in property order) that are equally specific and
     * can match one path, naming both properties; the servlet and reactive rules share it.
     */
    public static void refuseTiedPathRules(List<String> patterns) {
        PathRules.ambiguous(patterns).ifPresent(tie -> {
            throw new AudguardConfigurationException("audguard: audguard.paths[" + patterns.indexOf(tie.get(0)) + "] ("
                    + tie.get(0) + ") and audguard.paths[" + patterns.indexOf(tie.get(1)) + "] (" + tie.get(1)
                    + ") are equally specific and can match the same path, so neither rule could win.",
                    "Make one pattern more specific than the other (a literal segment instead of a wildcard or "
                            + "variable), or merge the two into one rule.");
        });
    }
}
