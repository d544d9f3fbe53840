package dev.audguard.issuer;

/**
 * A realm file the issuer cannot use. The message names the JSON path at fault and, for a file,
 * its line and column and what was expected there, for example
 * {@code $.clients[2].redirectUris[0] (line 14, column 9): expected a string}, so a team can fix its
 * export. Realms built in code have no lines: their messages name the path only.
 *
 * <p>Immutable and thread-safe.
 */
public final class RealmFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String jsonPath;
    private final String problem;
    private final int line;
    private final int column;

    /**
     * @param jsonPath where in the document the problem is, {@code $} for the root
     * @param problem what is wrong there, in fixed wording
     */
    public RealmFormatException(String jsonPath, String problem) {
        this(jsonPath, problem, 0, 0);
    }

    /**
     * @param line the 1-based line of the value at fault, 0 when unknown
     * @param column the 1-based column of the value at fault, 0 when unknown
     */
    public RealmFormatException(String jsonPath, String problem, int line, int column) {
        super(jsonPath + (line > 0 ? " (line " + line + ", column " + column + ")" : "") + ": " + problem);
        this.jsonPath = jsonPath;
        this.problem = problem;
        this.line = line;
        this.column = column;
    }

    /** The JSON path at fault, e.g. {@code $.users[1].clientRoles.reports-api[0]}. */
    public String jsonPath() {
        return jsonPath;
    }

    /** What is wrong and what was expected, without the location. */
    public String problem() {
        return problem;
    }

    /** The 1-based line of the value at fault in the file, or 0 for a realm built in code. */
    public int line() {
        return line;
    }

    /** The 1-based column of the value at fault in the file, or 0 for a realm built in code. */
    public int column() {
        return column;
    }
}
