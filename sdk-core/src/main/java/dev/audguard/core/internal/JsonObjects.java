package dev.audguard.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a token's JSON payload with Jackson's streaming parser, in one pass over the decoded
 * bytes, into the values the rest of sdk-core expects: {@code String}, {@code Boolean},
 * {@code Long} (integers that fit), {@code Double} (other numbers), {@code null}, {@code List} and
 * {@code Map} (insertion-ordered). Nimbus's Gson path first turned the bytes into a {@code String}
 * and then ran Gson's object mapping: about two thirds of what audguard added to a signature check.
 * Not API.
 *
 * <p>Strict: exactly one JSON object and nothing after it, duplicate names refused (a second
 * {@code iss} must never win), valid UTF-8 only, nesting limited.
 *
 * <p>Thread-safe (the factory is; each call has its own parser).
 */
public final class JsonObjects {
    private static final int MAX_DEPTH = 64;
    // an access token has 15 to 25 claims: room for 24 without the rehash the default 16 slots cost
    // past 12; nested objects (realm_access, resource_access entries, cnf) mostly have one to three
    private static final int TOP_LEVEL_CAPACITY = 32;
    private static final int NESTED_CAPACITY = 4;
    // duplicate names are refused by readObject, from the map it fills anyway: Jackson's own
    // detection (STRICT_DUPLICATE_DETECTION) kept a second set of names per object, a tenth of the parse
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private JsonObjects() {
    }

    /**
     * The JSON object in {@code utf8[offset, offset + length)}.
     *
     * @throws IOException when the bytes are not exactly one JSON object
     */
    public static Map<String, Object> parse(byte[] utf8, int offset, int length) throws IOException {
        try (JsonParser parser = FACTORY.createParser(utf8, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            Map<String, Object> object = readObject(parser, TOP_LEVEL_CAPACITY);
            if (parser.nextToken() != null) {
                throw new IOException("content after the JSON object");
            }
            return object;
        }
    }

    private static Map<String, Object> readObject(JsonParser parser, int capacity) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>(capacity);
        String name;
        while ((name = parser.nextFieldName()) != null) {
            int before = object.size();
            object.put(name, readValue(parser, parser.nextToken()));
            if (object.size() == before) {
                // the name was there already (whatever its value, null included): a second iss must never win
                throw new IOException("duplicate name");
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("unterminated object");
        }
        return object;
    }

    private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new IOException("unexpected end");
        }
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (Object) parser.getDoubleValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> readObject(parser, NESTED_CAPACITY);
            case START_ARRAY -> readArray(parser);
            default -> throw new IOException("unexpected token");
        };
    }

    private static List<Object> readArray(JsonParser parser) throws IOException {
        List<Object> array = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            array.add(readValue(parser, token));
        }
        return array;
    }
}
