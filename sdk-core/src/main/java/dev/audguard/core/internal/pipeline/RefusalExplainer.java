package dev.audguard.core.internal.pipeline;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.audguard.core.AudienceRule;
import dev.audguard.core.Reason;
import org.slf4j.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Explains a refused token so nobody has to decode it by hand: one line with the token's
 * {@code iss}, {@code aud}, {@code azp}, {@code kid}, {@code typ} and {@code exp} (read without
 * trusting them; the token and its signature are never logged) beside what the policy expected,
 * and hints for the usual slips (a trailing slash, {@code localhost} vs {@code 127.0.0.1},
 * Keycloak's {@code /auth} prefix, a realm name typo, a token requested by this service but not
 * minted for it). At DEBUG, or at WARN when the operator switched that on; at most one line per
 * reason per window, naming how many were not logged since. Claim values are cut to 100
 * characters and stripped of anything but printable ASCII, so a token cannot forge log lines.
 * Time comes from the injected clock. Not API.
 *
 * <p>Thread-safe.
 */
public final class RefusalExplainer {
    /** One line per reason per second at most. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);
    private static final int MAX_VALUE = 100;

    private final Logger log;
    private final boolean atWarn;
    private final Map<String, Optional<AudienceRule>> expected;
    private final LineWindows<Reason> windows;

    /**
     * @param expected each trusted issuer and its audience rule (empty: the audience check is off)
     * @param atWarn log at WARN instead of DEBUG
     */
    public RefusalExplainer(Logger log, Clock clock, Duration window, Map<String, Optional<AudienceRule>> expected,
                            boolean atWarn) {
        this.log = Objects.requireNonNull(log, "log");
        this.windows = new LineWindows<>(clock, window);
        this.expected = Map.copyOf(expected);
        this.atWarn = atWarn;
    }

    private boolean enabled() {
        return atWarn ? log.isWarnEnabled() : log.isDebugEnabled();
    }

    /**
     * Explains why {@code token} was refused for {@code reason}; {@code ruleAudience} is the
     * audience the access rule asked for instead of the issuer's, when it did.
     */
    public void explain(Reason reason, String token, Optional<AudienceRule> ruleAudience) {
        if (!enabled()) {
            return;
        }
        long suppressed = windows.admit(reason);
        if (suppressed < 0) {
            return;
        }
        Map<String, Object> header = part(token, 0);
        Map<String, Object> claims = part(token, 1);
        String iss = text(claims.get("iss"));
        List<String> aud = texts(claims.get("aud"));
        String azp = text(claims.get("azp"));
        StringBuilder line = new StringBuilder("Token refused (").append(reason.code()).append("): token iss=")
                .append(iss).append(" aud=").append(aud).append(" azp=").append(azp)
                .append(" kid=").append(text(header.get("kid"))).append(" typ=").append(text(header.get("typ")))
                .append(" exp=").append(exp(claims.get("exp")));
        line.append("; expected iss one of ").append(expected.keySet().stream().sorted().toList());
        Optional<AudienceRule> audience = ruleAudience.isPresent() ? ruleAudience
                : expected.getOrDefault(iss, expected.size() == 1 ? expected.values().iterator().next() : Optional.empty());
        audience.ifPresent(rule -> line.append(", aud ").append(rule.match() == dev.audguard.core.AudienceMatch.ALL_OF
                ? "all of " : "one of ").append(rule.audiences().stream().sorted().toList()));
        List<String> hints = hints(iss, aud, azp, audience);
        if (!hints.isEmpty()) {
            line.append("; hint: ").append(String.join("; ", hints));
        }
        if (suppressed > 0) {
            line.append(" (").append(suppressed).append(" more ").append(reason.code())
                    .append(" refusal(s) since the last such line were not logged)");
        }
        if (atWarn) {
            log.warn(line.toString());
        } else {
            log.debug(line.toString());
        }
    }

    private List<String> hints(String iss, List<String> aud, String azp, Optional<AudienceRule> audience) {
        List<String> hints = new ArrayList<>();
        if (!iss.equals("-") && !expected.containsKey(iss)) {
            for (String want : expected.keySet()) {
                hints.addAll(issuerHints(iss, want));
            }
        }
        if (audience.isPresent() && !azp.equals("-") && audience.get().audiences().contains(azp) && !aud.contains(azp)) {
            hints.add("the token was requested by " + azp + " (azp) but not minted for it (aud): add an audience "
                    + "mapper for it at the issuer, or exchange the token for this audience");
        }
        return hints;
    }

    private static List<String> issuerHints(String got, String want) {
        List<String> hints = new ArrayList<>();
        if (strip(got).equals(strip(want))) {
            hints.add("iss " + got + " and the configured issuer " + want + " differ only in a trailing slash");
        }
        if (loopbackSwapped(got).equals(want) || got.equals(loopbackSwapped(want))) {
            hints.add("iss uses " + (got.contains("localhost") ? "localhost" : "127.0.0.1") + " where the configured "
                    + "issuer uses " + (want.contains("localhost") ? "localhost" : "127.0.0.1")
                    + ": the issuer must be configured with the host name the issuer's clients use");
        }
        if (got.replace("/auth/realms/", "/realms/").equals(want.replace("/auth/realms/", "/realms/"))
                && !got.equals(want)) {
            hints.add(got.contains("/auth/realms/") ? "iss has Keycloak's /auth prefix (Keycloak before 17, or "
                    + "--http-relative-path=/auth) and the configured issuer does not" : "the configured issuer has "
                    + "Keycloak's /auth prefix and iss does not (Keycloak 17 and later drop it)");
        }
        int g = got.lastIndexOf("/realms/");
        int w = want.lastIndexOf("/realms/");
        if (g > 0 && w > 0 && got.substring(0, g).equals(want.substring(0, w))) {
            String gotRealm = got.substring(g + 8);
            String wantRealm = want.substring(w + 8);
            if (!strip(gotRealm).equals(strip(wantRealm))) {
                hints.add("the realm differs: iss names realm " + gotRealm + ", the configured issuer " + wantRealm
                        + (gotRealm.equalsIgnoreCase(wantRealm) ? " (realm names are case-sensitive)" : " (a typo?)"));
            }
        }
        return hints;
    }

    private static String strip(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String loopbackSwapped(String url) {
        if (url.contains("://localhost")) {
            return url.replace("://localhost", "://127.0.0.1");
        }
        return url.replace("://127.0.0.1", "://localhost");
    }

    private static Map<String, Object> part(String token, int index) {
        String[] parts = token.split("\\.", 4);
        if (parts.length < 2 || index >= parts.length) {
            return Map.of();
        }
        try {
            return JSONObjectUtils.parse(new String(new Base64URL(parts[index]).decode(), StandardCharsets.UTF_8));
        } catch (java.text.ParseException | RuntimeException e) {
            return Map.of();
        }
    }

    private static String exp(Object value) {
        if (value instanceof Number n) {
            try {
                return n.longValue() + " (" + Instant.ofEpochSecond(n.longValue()) + ")";
            } catch (RuntimeException e) {
                return clean(String.valueOf(n));
            }
        }
        return text(value);
    }

    private static List<String> texts(Object value) {
        if (value instanceof Collection<?> list) {
            List<String> all = new ArrayList<>();
            for (Object v : list) {
                if (all.size() == 10) {
                    all.add("...");
                    break;
                }
                all.add(text(v));
            }
            return all;
        }
        return value == null ? List.of() : List.of(text(value));
    }

    private static String text(Object value) {
        if (value == null) {
            return "-";
        }
        return clean(value instanceof String s ? s : String.valueOf(value).length() > MAX_VALUE ? "<not a string>" : String.valueOf(value));
    }

    /** Printable ASCII only, at most {@value #MAX_VALUE} characters: a claim cannot break or forge a log line. */
    static String clean(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_VALUE));
        for (int i = 0; i < value.length() && out.length() < MAX_VALUE; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return value.length() > MAX_VALUE ? out + "..." : out.toString();
    }

    /** Each issuer with its audiences, e.g. for the start-up line. */
    public static String describe(Map<String, Optional<AudienceRule>> policy) {
        Map<String, String> out = new LinkedHashMap<>();
        policy.forEach((issuer, rule) -> out.put(issuer, rule.map(r -> (r.match() == dev.audguard.core.AudienceMatch.ALL_OF
                ? "all of " : "one of ") + r.audiences().stream().sorted().toList())
                .orElse("any (audience check disabled)")));
        return out.toString();
    }
}
