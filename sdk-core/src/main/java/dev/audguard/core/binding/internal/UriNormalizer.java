package dev.audguard.core.binding.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * RFC 3986 section 6.2.2 and 6.2.3 normalisation of an {@code http(s)} URI without query and
 * fragment, as RFC 9449 section 4.3 compares {@code htu}: scheme and host in lower case, the default
 * port dropped, percent-encodings in upper case and decoded where they encode an unreserved
 * character, dot segments removed, an empty path made {@code /}. Thread-safe (stateless).
 */
public final class UriNormalizer {
    private UriNormalizer() {
    }

    /**
     * The normal form of {@code uri} without its query and fragment.
     *
     * @throws IllegalArgumentException when it is not an absolute {@code http} or {@code https} URI
     *     with a host, carries user information, or has a bad percent-encoding or port
     */
    public static String normalize(String uri) {
        String s = uri;
        int cut = indexOfAny(s, '?', '#');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not absolute");
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not http(s)");
        }
        if (!s.startsWith("//", colon + 1)) {
            throw new IllegalArgumentException("no authority");
        }
        int authorityStart = colon + 3;
        int pathStart = s.indexOf('/', authorityStart);
        String authority = pathStart < 0 ? s.substring(authorityStart) : s.substring(authorityStart, pathStart);
        String path = pathStart < 0 ? "" : s.substring(pathStart);
        if (authority.isEmpty() || authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException("bad authority");
        }
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("bad IPv6 literal");
            }
            host = authority.substring(0, close + 1);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != ':') {
                    throw new IllegalArgumentException("bad authority");
                }
                port = rest.substring(1);
            }
        } else {
            int portColon = authority.lastIndexOf(':');
            host = portColon < 0 ? authority : authority.substring(0, portColon);
            port = portColon < 0 ? null : authority.substring(portColon + 1);
        }
        host = normalizePercent(host).toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        StringBuilder out = new StringBuilder(s.length()).append(scheme).append("://").append(host);
        if (port != null && !port.isEmpty()) {
            if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("bad port");
            }
            int number = Integer.parseInt(port);
            if (number > 65535) {
                throw new IllegalArgumentException("bad port");
            }
            boolean defaultPort = (scheme.equals("http") && number == 80) || (scheme.equals("https") && number == 443);
            if (!defaultPort) {
                out.append(':').append(number);
            }
        }
        String normalPath = removeDotSegments(normalizePercent(path));
        out.append(normalPath.isEmpty() ? "/" : normalPath);
        return out.toString();
    }

    /** Upper-case hex in every percent-encoding, and unreserved characters decoded. */
    static String normalizePercent(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                throw new IllegalArgumentException("bad percent-encoding");
            }
            char decoded = (char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
            if (isUnreserved(decoded)) {
                out.append(decoded);
            } else {
                out.append('%').append(Character.toUpperCase(s.charAt(i + 1))).append(Character.toUpperCase(s.charAt(i + 2)));
            }
            i += 2;
        }
        return out.toString();
    }

    /** RFC 3986 section 5.2.4. */
    static String removeDotSegments(String path) {
        if (path.indexOf('.') < 0) {
            return path;
        }
        Deque<String> output = new ArrayDeque<>();
        String input = path;
        while (!input.isEmpty()) {
            if (input.startsWith("../")) {
                input = input.substring(3);
            } else if (input.startsWith("./")) {
                input = input.substring(2);
            } else if (input.startsWith("/./")) {
                input = input.substring(2);
            } else if (input.equals("/.")) {
                input = "/";
            } else if (input.startsWith("/../")) {
                input = input.substring(3);
                output.pollLast();
            } else if (input.equals("/..")) {
                input = "/";
                output.pollLast();
            } else if (input.equals(".") || input.equals("..")) {
                input = "";
            } else {
                int next = input.indexOf('/', input.startsWith("/") ? 1 : 0);
                String segment = next < 0 ? input : input.substring(0, next);
                output.addLast(segment);
                input = next < 0 ? "" : input.substring(next);
            }
        }
        return String.join("", output);
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }
}
