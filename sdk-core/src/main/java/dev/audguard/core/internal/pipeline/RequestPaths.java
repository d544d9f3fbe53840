package dev.audguard.core.internal.pipeline;

/**
 * Which decoded request paths path rules can be matched against safely. A host hands over the
 * path after decoding and normalising it (a servlet container's servlet path and path info); what
 * still looks encoded or ambiguous then is refused with 400 rather than guessed at, because another
 * layer (a proxy, a file system, a framework's router) may read it differently from the rules:
 * <ul>
 *   <li>{@code %} (a double-encoded character such as {@code %252e}, decoded once to {@code %2e});</li>
 *   <li>{@code \} (a Windows separator, from {@code %5c});</li>
 *   <li>{@code ;} (a path parameter the host did not strip, as in {@code ..;/});</li>
 *   <li>an empty segment ({@code //}), a {@code .} or {@code ..} segment;</li>
 *   <li>a segment ending in a dot ({@code /admin.}, which some file systems read as {@code /admin});</li>
 *   <li>control characters (NUL included) and a path not starting with {@code /}.</li>
 * </ul>
 * Not API. Thread-safe (stateless).
 */
public final class RequestPaths {
    private RequestPaths() {
    }

    /** Whether {@code path} (decoded, within the application) can be matched safely. */
    public static boolean isSafe(String path) {
        int n = path.length();
        if (n == 0) {
            return true; // the application root as some hosts report it
        }
        if (path.charAt(0) != '/') {
            return false;
        }
        int segmentStart = 1;
        for (int i = 1; i <= n; i++) {
            char c = i < n ? path.charAt(i) : '/';
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 0) {
                    if (i < n) {
                        return false; // "//"; a trailing "/" (i == n) is an ordinary directory path
                    }
                } else if (path.charAt(i - 1) == '.') {
                    return false; // ".", "..", "name."
                }
                segmentStart = i + 1;
            } else if (c == '%' || c == '\\' || c == ';' || c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
