package dev.audguard.issuer;

import dev.audguard.issuer.internal.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The JSON of the Keycloak-pinned fixtures: written with sorted keys and two-space indents so that a
 * re-recording shows as a readable diff, read back through the issuer's own parser, and compared
 * member by member into a list of differences with JSON paths.
 */
final class PinnedJson {

    /** One place where the two answers differ; {@code null} stands for "absent". */
    record Difference(String caseName, String path, String keycloak, String ours) {
        @Override
        public String toString() {
            return caseName + " " + path + ": Keycloak " + keycloak + ", ours " + ours;
        }
    }

    static final String ABSENT = "(absent)";

    private PinnedJson() {
    }

    static Map<String, Object> parse(String text) {
        return Json.parseObject(text).orElseThrow(() -> new IllegalArgumentException("not a JSON object"));
    }

    /** Compact, with sorted keys: how allow-list entries spell values. */
    static String compact(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, -1, 0);
        return out.toString();
    }

    static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 2, 0);
        return out.append('\n').toString();
    }

    /** Every leaf (or whole array) at which {@code ours} differs from {@code keycloak}. */
    static List<Difference> differences(String caseName, Object keycloak, Object ours) {
        List<Difference> found = new ArrayList<>();
        diff(caseName, "$", keycloak, ours, found);
        return found;
    }

    private static void diff(String caseName, String path, Object keycloak, Object ours, List<Difference> found) {
        if (keycloak instanceof Map<?, ?> k && ours instanceof Map<?, ?> o) {
            TreeMap<String, Object> names = new TreeMap<>();
            k.keySet().forEach(name -> names.put((String) name, ""));
            o.keySet().forEach(name -> names.put((String) name, ""));
            for (String name : names.keySet()) {
                String child = path + "." + name;
                if (!k.containsKey(name) || !o.containsKey(name)) {
                    found.add(new Difference(caseName, child,
                            k.containsKey(name) ? compact(k.get(name)) : ABSENT,
                            o.containsKey(name) ? compact(o.get(name)) : ABSENT));
                } else {
                    diff(caseName, child, k.get(name), o.get(name), found);
                }
            }
            return;
        }
        if (!Objects.equals(compact(keycloak), compact(ours))) {
            found.add(new Difference(caseName, path, compact(keycloak), compact(ours)));
        }
    }

    private static void write(Object value, StringBuilder out, int indent, int depth) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put((String) k, v));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                out.append(first ? "" : ",");
                newline(out, indent, depth + 1);
                string(e.getKey(), out);
                out.append(indent < 0 ? ":" : ": ");
                write(e.getValue(), out, indent, depth + 1);
                first = false;
            }
            newline(out, indent, depth);
            out.append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            boolean scalars = list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : indent >= 0 && scalars ? ", " : ",");
                if (!scalars) {
                    newline(out, indent, depth + 1);
                }
                write(list.get(i), out, indent, depth + 1);
            }
            if (!scalars) {
                newline(out, indent, depth);
            }
            out.append(']');
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            out.append(d.longValue());
        } else {
            out.append(value);
        }
    }

    private static void newline(StringBuilder out, int indent, int depth) {
        if (indent >= 0) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
