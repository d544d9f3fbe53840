package dev.audguard.issuer.internal;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON through Nimbus's bundled parser, so the module needs no JSON library of its own. */
public final class Json {

    private Json() {
    }

    /** Parses a JSON object, or empty when the text is not one. */
    public static Optional<Map<String, Object>> parseObject(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSONObjectUtils.parse(text));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static String write(Map<String, ?> object) {
        return JSONObjectUtils.toJSONString(object);
    }

    public static String write(List<?> array) {
        return JSONArrayUtils.toJSONString(array);
    }
}
