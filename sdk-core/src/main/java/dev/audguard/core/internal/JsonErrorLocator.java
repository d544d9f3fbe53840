package dev.audguard.core.internal;

import java.util.Optional;

/**
 * Says where and why a JSON text is malformed: {@code line 3, column 5: expected a string (a field
 * name) but found '}'}. Nimbus's parser, which reads the documents, reports no position; this is
 * used only after it failed, to tell the user what to fix. The description quotes at most the one
 * offending character (never a value: a document may hold a secret). Not API. Thread-safe
 * (stateless).
 */
public final class JsonErrorLocator {
    private static final int MAX_DEPTH = 512;

    private final String text;
    private int pos;

    private JsonErrorLocator(String text) {
        this.text = text;
    }

    /**
     * Where {@code text} stops being one JSON object, e.g.
     * {@code line 2, column 1: expected a string (a field name) but found '}'}; empty when it is one.
     */
    public static Optional<String> locate(String text) {
        JsonErrorLocator locator = new JsonErrorLocator(text);
        try {
            locator.skipSpace();
            if (locator.pos < text.length() && text.charAt(locator.pos) != '{') {
                throw locator.error("expected '{' (the document must be a JSON object)");
            }
            locator.value(0);
            locator.skipSpace();
            if (locator.pos < text.length()) {
                throw locator.error("expected the end of the document after the closing '}'");
            }
            return Optional.empty();
        } catch (Located e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * {@link #locate} without what was found: line, column and what was expected only, for
     * documents a remote party controls (JWKS, discovery), whose text must not reach logs, health
     * or listener events even one character at a time.
     */
    public static Optional<String> locateWithoutInput(String text) {
        return locate(text).map(where -> {
            int found = where.lastIndexOf(" but found ");
            return found < 0 ? where : where.substring(0, found);
        });
    }

    /** {@code what}'s description with the position prefixed, or {@code fallback} when the text is valid JSON. */
    public static String describe(String text, String fallback) {
        return locate(text).orElse(fallback);
    }

    private void value(int depth) throws Located {
        if (depth > MAX_DEPTH) {
            throw error("nested too deeply");
        }
        skipSpace();
        if (pos >= text.length()) {
            throw error("expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw error("expected a value (object, array, string, number, true, false or null)");
                }
            }
        }
    }

    private void object(int depth) throws Located {
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a string (a field name)");
            }
            string();
            skipSpace();
            if (peek() != ':') {
                throw error("expected ':' after the field name");
            }
            pos++;
            value(depth + 1);
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return;
            } else {
                throw error("expected ',' or '}'");
            }
        }
    }

    private void array(int depth) throws Located {
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            value(depth + 1);
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return;
            } else {
                throw error("expected ',' or ']'");
            }
        }
    }

    private void string() throws Located {
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\') {
                pos++;
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos);
                if (e == 'u') {
                    for (int i = 1; i <= 4; i++) {
                        if (pos + i >= text.length() || Character.digit(text.charAt(pos + i), 16) < 0) {
                            pos += Math.min(i, text.length() - pos);
                            throw error("expected four hex digits after \\u");
                        }
                    }
                    pos += 4;
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw error("expected an escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)");
                }
            } else if (c < 0x20) {
                throw error("expected '\"' to close the string (control characters and line breaks must be escaped)");
            }
            pos++;
        }
        throw error("expected '\"' to close the string");
    }

    private void literal(String word) throws Located {
        for (int i = 0; i < word.length(); i++) {
            if (pos >= text.length() || text.charAt(pos) != word.charAt(i)) {
                throw error("expected " + word);
            }
            pos++;
        }
    }

    private void number() throws Located {
        if (peek() == '-') {
            pos++;
        }
        if (!digit()) {
            throw error("expected a digit");
        }
        if (text.charAt(pos) == '0') {
            pos++;
        } else {
            digits();
        }
        if (peek() == '.') {
            pos++;
            if (!digit()) {
                throw error("expected a digit after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digit()) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
    }

    private boolean digit() {
        return pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9';
    }

    private void digits() {
        while (digit()) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private Located error(String expected) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        String found;
        if (pos >= text.length()) {
            found = "the end of the document";
        } else {
            char c = text.charAt(pos);
            found = c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
        }
        return new Located("line " + line + ", column " + column + ": " + expected + " but found " + found);
    }

    private static final class Located extends Exception {
        Located(String message) {
            super(message, null, false, false);
        }
    }
}
