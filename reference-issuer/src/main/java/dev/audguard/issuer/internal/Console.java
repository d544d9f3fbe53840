package dev.audguard.issuer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web console at the server root ({@code {base}/}): realms, clients, users, the {@code evaluate}
 * explanation and a token decoder, as static HTML and JavaScript that read the testing endpoints.
 * The page writes every value with {@code textContent}, never as markup, and its Content-Security-
 * Policy allows only its own script and style and requests to this server, so a hostile user or
 * client name shows as text. The token decoder runs in the browser: a pasted token is sent nowhere.
 * No secret or password is ever part of what the console reads ({@link TestingChanges#summary}).
 *
 * <p>Stateless; thread-safe.
 */
final class Console {

    private static final Map<String, String> FILES = Map.of(
            "", "index.html",
            "/", "index.html",
            "/console/console.js", "console.js",
            "/console/console.css", "console.css");
    private static final Map<String, byte[]> CONTENT = load();
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private Console() {
    }

    /** True for the paths (below the context path) the console serves. */
    static boolean serves(String path) {
        return FILES.containsKey(path) || path.equals("/console/realms");
    }

    static void handle(Request req, String path, Map<String, RealmRuntime> realms) {
        IssuerServer.only(req, "GET");
        if (path.isEmpty()) {
            // {base} without the slash: the page's relative URLs need {base}/
            req.redirect(req.route() + "/");
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        headers.put("Content-Security-Policy", CSP);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        if (path.equals("/console/realms")) {
            List<Object> out = new ArrayList<>();
            realms.values().forEach(rt -> out.add(Map.of("realm", rt.model().name(), "issuer", rt.issuer())));
            req.send(200, "application/json", Json.write(Map.of("realms", out)).getBytes(StandardCharsets.UTF_8), headers);
            return;
        }
        String file = FILES.get(path);
        String type = file.endsWith(".html") ? "text/html; charset=utf-8"
                : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        req.send(200, type, CONTENT.get(file), headers);
    }

    private static Map<String, byte[]> load() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String file : List.of("index.html", "console.js", "console.css")) {
            String resource = "dev/audguard/issuer/console/" + file;
            try (InputStream in = Console.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                out.put(file, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.copyOf(out);
    }
}
