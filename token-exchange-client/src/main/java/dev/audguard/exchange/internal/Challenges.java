package dev.audguard.exchange.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code WWW-Authenticate} challenges (RFC 9110 section 11.6.1): a scheme, then a token68 or
 * comma-separated {@code name=value} parameters (token or quoted string), several challenges per
 * header allowed. Lenient: what cannot be read ends the header, and never throws. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class Challenges {
    private Challenges() {
    }

    /** One challenge: the scheme (lower case) and its parameters (names lower case). */
    public record Challenge(String scheme, Map<String, String> parameters) {
    }

    /**
     * Whether a response says its bearer token is bad: status 401 with a {@code Bearer} (or {@code DPoP}) challenge
     * carrying {@code error="invalid_token"} (RFC 6750 section 3.1).
     */
    public static boolean isInvalidToken(int status, List<String> wwwAuthenticate) {
        if (status != 401 || wwwAuthenticate == null) {
            return false;
        }
        for (String header : wwwAuthenticate) {
            for (Challenge challenge : parse(header)) {
                // a DPoP-bound token refused as invalid_token (RFC 9449 section 7.1) is re-exchanged the same way
                if ((challenge.scheme().equals("bearer") || challenge.scheme().equals("dpop"))
                        && "invalid_token".equals(challenge.parameters().get("error"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a response asks for a DPoP proof with its server nonce: status 401 with a {@code DPoP}
     * challenge carrying {@code error="use_dpop_nonce"} (RFC 9449 section 9).
     */
    public static boolean isUseDpopNonce(int status, List<String> wwwAuthenticate) {
        if (status != 401 || wwwAuthenticate == null) {
            return false;
        }
        for (String header : wwwAuthenticate) {
            for (Challenge challenge : parse(header)) {
                if (challenge.scheme().equals("dpop") && "use_dpop_nonce".equals(challenge.parameters().get("error"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The challenges in one header value. */
    public static List<Challenge> parse(String header) {
        List<Challenge> challenges = new ArrayList<>();
        if (header == null) {
            return challenges;
        }
        Cursor c = new Cursor(header);
        while (true) {
            c.skip(" \t,");
            String scheme = c.token();
            if (scheme.isEmpty()) {
                return challenges;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            challenges.add(new Challenge(scheme.toLowerCase(Locale.ROOT), parameters));
            while (true) {
                c.skip(" \t");
                int mark = c.pos;
                String name = c.token();
                c.skip(" \t");
                if (name.isEmpty() || !c.at('=')) {
                    if (name.isEmpty() && !c.atEnd() && !c.at(',')) {
                        return challenges;        // unreadable: stop here
                    }
                    c.pos = mark;                  // the next challenge's scheme, or the end
                    break;
                }
                c.pos++;
                if (c.at('=') || c.atEnd() || c.at(',')) {
                    c.skipUntil(',');              // a token68 such as "Basic abc==": no parameters
                    break;
                }
                c.skip(" \t");
                String value = c.at('"') ? c.quoted() : c.token();
                if (value == null) {
                    return challenges;
                }
                parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                c.skip(" \t");
                if (c.at(',')) {
                    c.pos++;
                }
            }
        }
    }

    private static final class Cursor {
        private static final String TOKEN_SPECIALS = "!#$%&'*+-.^_`|~";
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        boolean at(char ch) {
            return pos < s.length() && s.charAt(pos) == ch;
        }

        void skip(String chars) {
            while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        void skipUntil(char ch) {
            while (pos < s.length() && s.charAt(pos) != ch) {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (pos < s.length()) {
                char ch = s.charAt(pos);
                if (ch < 128 && (Character.isLetterOrDigit(ch) || TOKEN_SPECIALS.indexOf(ch) >= 0)) {
                    pos++;
                } else {
                    break;
                }
            }
            return s.substring(start, pos);
        }

        /** A quoted string without its quotes and escapes; null when it does not end. */
        String quoted() {
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char ch = s.charAt(pos++);
                if (ch == '"') {
                    return value.toString();
                }
                if (ch == '\\' && pos < s.length()) {
                    ch = s.charAt(pos++);
                }
                value.append(ch);
            }
            return null;
        }
    }
}
