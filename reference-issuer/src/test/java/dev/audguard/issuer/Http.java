package dev.audguard.issuer;

import dev.audguard.issuer.internal.Json;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plain HTTP calls for tests that look at raw answers (status, headers, error bodies), as the issuer's
 * own {@link Answer} with its JSON; sent by test-support's {@link dev.audguard.testsupport.Http}.
 */
public final class Http {

    private Http() {
    }

    public record Answer(int status, Map<String, java.util.List<String>> headers, String body) {
        public Map<String, Object> json() {
            return Json.parseObject(body).orElseThrow(() -> new AssertionError("not JSON: " + body));
        }

        /** The hidden inputs of a login page, by name, unescaped as a browser would post them; a mutable copy. */
        public Map<String, String> hiddenFields() {
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
                    .matcher(body);
            while (m.find()) {
                fields.put(m.group(1), m.group(2).replace("&amp;", "&").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">"));
            }
            return fields;
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public static Answer get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    public static Answer get(URI uri, String authorization) {
        return send(HttpRequest.newBuilder(uri).header("Authorization", authorization).GET());
    }

    public static Answer post(URI uri, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
    }

    public static Answer postRaw(URI uri, String body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public static Answer postBasic(URI uri, String clientId, String secret, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(clientId, secret))
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
    }

    public static Answer delete(URI uri) {
        return send(HttpRequest.newBuilder(uri).DELETE());
    }

    public static Answer postEmpty(URI uri) {
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    /** An RFC 8693 token-exchange form for an access token, then {@code extra} name/value pairs in order; mutable. */
    public static Map<String, String> exchangeForm(String subjectToken, String... extra) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("grant_type", TOKEN_EXCHANGE);
        form.put("subject_token", subjectToken);
        form.put("subject_token_type", ACCESS_TOKEN_TYPE);
        for (int i = 0; i < extra.length; i += 2) {
            form.put(extra[i], extra[i + 1]);
        }
        return form;
    }

    public static String form(Map<String, String> form) {
        return form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static Answer send(HttpRequest.Builder request) {
        HttpResponse<String> r = dev.audguard.testsupport.Http.send(request);
        return new Answer(r.statusCode(), r.headers().map(), r.body());
    }
}
