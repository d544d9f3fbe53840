package dev.audguard.exchange.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The path of a URL as a downstream target's scope sees it: one spelling per path, or a refusal
 * when servers disagree about what the path means. Not API.
 *
 * <p>The rule, per segment of the raw path:
 * <ul>
 *   <li>Percent-encoded unreserved characters ({@code A-Z a-z 0-9 - . _ ~}, RFC 3986 section 2.3)
 *       are decoded, and other escapes are compared with upper-case hex: {@code %6Frders},
 *       {@code %6frders} and {@code orders} are one segment, as RFC 3986 section 6.2.2 says and
 *       every server agrees.</li>
 *   <li>{@code .} and {@code ..} written plainly are removed as RFC 3986 section 5.2.4 says; a path
 *       that climbs above the root is refused.</li>
 *   <li>Refused, because at least one common server reads them differently from the others (and
 *       so a token scoped to one target could land on another): an encoded dot segment
 *       ({@code %2e%2e}, {@code .%2E}: Tomcat decodes then removes it, Jetty and Spring refuse it);
 *       a path parameter, plain or encoded ({@code ;}, {@code %3B}: Tomcat ignores it, so
 *       {@code ..;} climbs); an encoded slash or backslash ({@code %2F}, {@code %5C}); an encoded
 *       escape ({@code %25} before two hex digits: double encoding, {@code %252e}); an encoded
 *       control character; an empty segment ({@code //}, which some servers merge); a segment
 *       ending in a dot ({@code orders.}, which Windows hosts drop).</li>
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class TargetPath {
    private TargetPath() {
    }

    /**
     * A path read under the rule: its canonical segments, or why it is refused.
     *
     * @param segments the canonical segments (no empty ones), or null when refused
     * @param refusal  why the path is refused, fixed wording; null when it is not
     */
    public record Result(List<String> segments, String refusal) {
        public Result {
            segments = segments == null ? null : List.copyOf(segments);
        }

        static Result refused(String why) {
            return new Result(null, why);
        }

        public boolean isRefused() {
            return segments == null;
        }
    }

    /** Reads {@code rawPath} (still percent-encoded, as {@link java.net.URI#getRawPath()} gives it; null or empty is the root). */
    public static Result of(String rawPath) {
        List<String> result = new ArrayList<>();
        if (rawPath == null || rawPath.isEmpty()) {
            return new Result(result, null);
        }
        String[] parts = rawPath.split("/", -1);
        // a raw path of an absolute URL starts with "/": the first part is empty; one trailing "/" is allowed
        int from = parts[0].isEmpty() ? 1 : 0;
        int to = parts.length > from && parts[parts.length - 1].isEmpty() ? parts.length - 1 : parts.length;
        for (int i = from; i < to; i++) {
            String raw = parts[i];
            if (raw.isEmpty()) {
                return Result.refused("an empty path segment (//)");
            }
            if (raw.equals(".")) {
                continue;
            }
            if (raw.equals("..")) {
                if (result.isEmpty()) {
                    return Result.refused("a path that climbs above the root (..)");
                }
                result.remove(result.size() - 1);
                continue;
            }
            if (raw.indexOf(';') >= 0) {
                return Result.refused("a path parameter (;)");
            }
            if (raw.indexOf('\\') >= 0) {
                return Result.refused("a backslash");
            }
            String segment = decodeUnreserved(raw);
            if (segment == null) {
                return Result.refused(refusalOf(raw));
            }
            if (doublyEncoded(segment)) {
                return Result.refused("double encoding (%25 before an escape)");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Result.refused("an encoded dot segment (%2e)");
            }
            if (segment.endsWith(".")) {
                return Result.refused("a path segment that ends in a dot");
            }
            result.add(segment);
        }
        return new Result(result, null);
    }

    /** The segment with unreserved escapes decoded and the others in upper case; null when it holds a refused escape. */
    private static String decodeUnreserved(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch != '%') {
                out.append(ch);
                continue;
            }
            int value = escapeAt(raw, i);
            if (value < 0) {
                return null;
            }
            if (isUnreserved(value)) {
                out.append((char) value);
            } else if (refusedEscape(value)) {
                return null;
            } else {
                out.append('%').append(Character.toUpperCase(raw.charAt(i + 1))).append(Character.toUpperCase(raw.charAt(i + 2)));
            }
            i += 2;
        }
        return out.toString();
    }

    private static String refusalOf(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) != '%') {
                continue;
            }
            int value = escapeAt(raw, i);
            if (value < 0) {
                return "a malformed percent escape";
            }
            switch (value) {
                case '/', '\\' -> {
                    return "an encoded slash or backslash (%2F, %5C)";
                }
                case ';' -> {
                    return "an encoded path parameter (%3B)";
                }
                default -> {
                    if (value < 0x20 || value == 0x7F) {
                        return "an encoded control character";
                    }
                }
            }
            i += 2;
        }
        return "a refused percent escape";
    }

    private static boolean refusedEscape(int value) {
        return value == '/' || value == '\\' || value == ';' || value < 0x20 || value == 0x7F;
    }

    /**
     * Whether a decoded segment still holds {@code %25} before two hex digits (an encoded escape,
     * however it was spelt: {@code %252e}, {@code %25%32%65}): a server or proxy that decodes twice
     * sees another path.
     */
    private static boolean doublyEncoded(String segment) {
        for (int i = segment.indexOf("%25"); i >= 0; i = segment.indexOf("%25", i + 1)) {
            if (i + 4 < segment.length() && hex(segment.charAt(i + 3)) >= 0 && hex(segment.charAt(i + 4)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The byte value of the escape at {@code i}, or -1 when it is not {@code %HH}. */
    private static int escapeAt(String s, int i) {
        if (i + 2 >= s.length()) {
            return -1;
        }
        int high = hex(s.charAt(i + 1));
        int low = hex(s.charAt(i + 2));
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }

    /** ASCII hex only: {@link Character#digit} would also take other scripts' digits. */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static boolean isUnreserved(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
