package dev.audguard.issuer.internal;

import dev.audguard.issuer.RealmFormatException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader (RFC 8259) that remembers where each value starts, so that a realm file's
 * problems, syntax or meaning, can be reported as a JSON path with a line and column and what was
 * expected there: {@code $.clients[3] (line 41, column 5): expected a member name after ',', found '}'}.
 *
 * <p>Objects become {@link LinkedHashMap}s (the file's order decides the order of {@code aud}
 * values), arrays {@link ArrayList}s, integral numbers {@link Long}s, other numbers {@link Double}s.
 * A key given twice in one object is an error rather than a silent choice of one of them.
 *
 * <p>Not thread-safe; one reader per document.
 */
final class JsonReader {

    /** Deeper than any realm export; keeps a hostile file from overflowing the stack. */
    private static final int MAX_DEPTH = 256;

    private final String text;
    private final Map<String, int[]> positions = new HashMap<>();
    private int pos;
    private int line = 1;
    private int lineStart;

    private JsonReader(String text) {
        this.text = text;
    }

    /** A parsed document and the line and column of each value, by JSON path. */
    record Document(Object value, Map<String, int[]> positions) {
        Node root() {
            return Node.root(value, "$", positions);
        }
    }

    /** @throws RealmFormatException when the text is not JSON, naming where and what was expected */
    static Document read(String text) {
        JsonReader reader = new JsonReader(text);
        if (text.startsWith("\uFEFF")) {
            reader.pos = 1;
            reader.lineStart = 1;
        }
        reader.skipWhitespace();
        Object value = reader.value("$", 0);
        reader.skipWhitespace();
        if (reader.pos < text.length()) {
            throw reader.error("$", "expected the end of the document after the top-level value");
        }
        return new Document(value, Map.copyOf(reader.positions));
    }

    private Object value(String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw plain(path, "nested deeper than " + MAX_DEPTH + " levels");
        }
        positions.put(path, new int[] {line, pos - lineStart + 1});
        if (pos >= text.length()) {
            throw error(path, "expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(path, depth);
            case '[' -> array(path, depth);
            case '"' -> string(path);
            case 't' -> literal(path, "true", Boolean.TRUE);
            case 'f' -> literal(path, "false", Boolean.FALSE);
            case 'n' -> literal(path, "null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number(path);
                }
                throw error(path, "expected a value (object, array, string, number, true, false or null)");
            }
        };
    }

    private Map<String, Object> object(String path, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        pos++; // {
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            if (peek() != '"') {
                throw error(path, out.isEmpty() ? "expected a member name in double quotes or '}'"
                        : "expected a member name after ',' (a trailing comma is not allowed in JSON)");
            }
            int keyColumn = pos - lineStart + 1;
            String key = string(path);
            String child = path + "." + key;
            if (out.containsKey(key)) {
                throw new RealmFormatException(child, "the member name appears twice in one object; keep one", line, keyColumn);
            }
            skipWhitespace();
            if (peek() != ':') {
                throw error(child, "expected ':' after the member name");
            }
            pos++;
            skipWhitespace();
            out.put(key, value(child, depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error(path, "expected ',' or '}' after a member");
            }
            skipWhitespace();
        }
    }

    private List<Object> array(String path, int depth) {
        List<Object> out = new ArrayList<>();
        pos++; // [
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            String child = path + "[" + out.size() + "]";
            if (peek() == ']') {
                throw error(child, "expected a value after ',' (a trailing comma is not allowed in JSON)");
            }
            out.add(value(child, depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error(path, "expected ',' or ']' after an array element");
            }
            skipWhitespace();
        }
    }

    private String string(String path) {
        StringBuilder out = new StringBuilder();
        pos++; // opening quote
        while (true) {
            if (pos >= text.length()) {
                throw error(path, "expected '\"' to end the string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error(path, "expected '\"' to end the string (control characters and line breaks must be escaped)");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = pos < text.length() ? text.charAt(pos++) : '\0';
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error(path, "expected four hex digits after \\u");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error(path, "expected four hex digits after \\u");
                    }
                    pos += 4;
                }
                default -> {
                    pos--;
                    throw error(path, "expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u after a backslash");
                }
            }
        }
    }

    private Object number(String path) {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            throw error(path, "expected a digit");
        }
        boolean integral = true;
        if (peek() == '.') {
            pos++;
            integral = false;
            if (!digits()) {
                throw error(path, "expected a digit after the decimal point");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            integral = false;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw error(path, "expected a digit in the exponent");
            }
        }
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooLong) {
                // beyond long: read it as a double like any other large number
            }
        }
        return Double.parseDouble(literal);
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private Object literal(String path, String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error(path, "expected a value (object, array, string, number, true, false or null)");
        }
        pos += word.length();
        return value;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private RealmFormatException error(String path, String expected) {
        String found = pos >= text.length() ? "the end of the document" : describe(text.charAt(pos));
        return new RealmFormatException(path, expected + ", found " + found, line, pos - lineStart + 1);
    }

    private RealmFormatException plain(String path, String problem) {
        return new RealmFormatException(path, problem, line, pos - lineStart + 1);
    }

    private static String describe(char c) {
        if (c < 0x20 || c > 0x7e) {
            return String.format("character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }
}
