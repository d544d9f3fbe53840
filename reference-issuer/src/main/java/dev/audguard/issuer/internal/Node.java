package dev.audguard.issuer.internal;

import dev.audguard.issuer.RealmFormatException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of a realm document together with its JSON path, read with the types Keycloak's import
 * expects. A missing member or a JSON {@code null} reads as absent: the fallback, an empty list or
 * an empty object. Anything of the wrong type fails with a {@link RealmFormatException} naming the
 * path and, for a parsed file, the line and column (of the value, or of the nearest enclosing value
 * when the member is missing).
 *
 * <p>Immutable; thread-safe as long as nobody mutates the underlying maps (the importers never do).
 */
final class Node {

    private final Object value;
    private final String path;
    private final Map<String, int[]> positions;

    private Node(Object value, String path, Map<String, int[]> positions) {
        this.value = value;
        this.path = path;
        this.positions = positions;
    }

    /** A document's root; {@code positions} maps JSON paths to {line, column}, empty for documents built in code. */
    static Node root(Object value, String path, Map<String, int[]> positions) {
        return new Node(value, path, positions);
    }

    String path() {
        return path;
    }

    boolean present() {
        return value != null;
    }

    boolean has(String key) {
        return map().get(key) != null;
    }

    /** A member; a missing member (or a member of a missing object) is an absent node. */
    Node get(String key) {
        return new Node(map().get(key), path + "." + key, positions);
    }

    /** This value as an object: fails when absent or of another type. */
    Node requireObject() {
        if (!(value instanceof Map<?, ?>)) {
            throw fail("expected a JSON object");
        }
        return this;
    }

    /** The members in the file's order; an absent object has none. */
    Map<String, Node> members() {
        Map<String, Node> out = new LinkedHashMap<>();
        map().forEach((k, v) -> out.put(String.valueOf(k), new Node(v, path + "." + k, positions)));
        return out;
    }

    /** The elements; an absent array has none. */
    List<Node> items() {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw fail("expected a JSON array");
        }
        List<Node> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(new Node(list.get(i), path + "[" + i + "]", positions));
        }
        return out;
    }

    /** The elements of an array that must be there. */
    List<Node> requiredItems() {
        if (value == null) {
            throw fail("expected a JSON array");
        }
        return items();
    }

    String string(String fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof String s) {
            return s;
        }
        throw fail("expected a string");
    }

    String requiredString() {
        String v = string(null);
        if (v == null || v.isBlank()) {
            throw fail("required, expected a non-empty string");
        }
        return v;
    }

    /** JSON booleans, and the strings {@code "true"}/{@code "false"} that exports sometimes hold. */
    boolean bool(boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw fail("expected true or false");
    }

    int positiveInt(int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > 0
                && n.longValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw fail("expected a positive whole number");
    }

    int nonNegativeInt(int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= 0
                && n.longValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw fail("expected a whole number, 0 or more");
    }

    /** An array of strings; absent is empty. */
    List<String> strings() {
        List<String> out = new ArrayList<>();
        for (Node item : items()) {
            if (!(item.value instanceof String s)) {
                throw item.fail("expected a string");
            }
            out.add(s);
        }
        return out;
    }

    /** Keycloak's attribute and config maps hold strings; exports sometimes write booleans or numbers. */
    Map<String, String> stringMap() {
        Map<String, String> out = new LinkedHashMap<>();
        members().forEach((k, v) -> {
            if (v.present()) {
                out.put(k, v.scalar());
            }
        });
        return out;
    }

    /** A string, boolean or number, as the string Keycloak would store. */
    String scalar() {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Number n) {
            return n.doubleValue() == Math.rint(n.doubleValue()) ? Long.toString(n.longValue()) : n.toString();
        }
        throw fail("expected a string");
    }

    /** The plain JSON value (maps, lists, strings, numbers, booleans), or null when absent. */
    Object raw() {
        return value;
    }

    boolean isArray() {
        return value instanceof List<?>;
    }

    /** A failure at this node, located in the file when the file was parsed. */
    RealmFormatException fail(String problem) {
        for (String p = path; p != null; p = parent(p)) {
            int[] at = positions.get(p);
            if (at != null) {
                return new RealmFormatException(path, problem, at[0], at[1]);
            }
        }
        return new RealmFormatException(path, problem);
    }

    private static String parent(String p) {
        int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
        return cut <= 0 ? null : p.substring(0, cut);
    }

    private Map<?, ?> map() {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw fail("expected a JSON object");
        }
        return m;
    }
}
