package dev.audguard.issuer;

/**
 * A realm file the issuer cannot use. The message names the JSON path at fault, for example
 * {@code $.clients[2].redirectUris[0]: expected a string}, so a team can fix its export.
 *
 * <p>Immutable and thread-safe.
 */
public final class RealmFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String jsonPath;

    /**
     * @param jsonPath where in the document the problem is, {@code $} for the root
     * @param problem what is wrong there, in fixed wording
     */
    public RealmFormatException(String jsonPath, String problem) {
        super(jsonPath + ": " + problem);
        this.jsonPath = jsonPath;
    }

    /** The JSON path at fault, e.g. {@code $.users[1].clientRoles.reports-api[0]}. */
    public String jsonPath() {
        return jsonPath;
    }
}
