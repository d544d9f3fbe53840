package dev.audguard.core.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Helpers for the {@code Map}/{@code List} trees Nimbus's JSON parser returns. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class JsonValues {
    private JsonValues() {
    }

    /** The value at {@code path} through nested objects, or {@code null}. */
    public static Object path(Map<String, Object> root, String... path) {
        Object current = root;
        for (String name : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(name);
        }
        return current;
    }

    /** The strings of a JSON array, ignoring non-strings; empty when {@code value} is not an array. */
    public static Set<String> stringSet(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            return Set.of();
        }
        Set<String> result = new LinkedHashSet<>();
        for (Object item : list) {
            if (item instanceof String s) {
                result.add(s);
            }
        }
        return Collections.unmodifiableSet(result);
    }

    /** A read-only view of a JSON value: maps and lists are wrapped, deeply, on access. */
    public static Object readOnly(Object value) {
        if (value instanceof Map<?, ?> map) {
            return readOnlyMap(map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JsonValues::readOnly).toList();
        }
        return value;
    }

    /** A read-only deep copy of a JSON object. */
    public static Map<String, Object> readOnlyMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            copy.put(String.valueOf(entry.getKey()), readOnly(entry.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }
}
