package dev.audguard.benchmarks.http;

import dev.audguard.benchmarks.KeycloakClaims;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The issuer's side of the HTTP benchmark: one RS256 key, a pool of Keycloak-shaped access tokens
 * for {@link #AUDIENCE} (one a line in {@code tokens.txt}, valid for a day), and the JWKS on
 * loopback, counting how often it is fetched ({@code GET /fetches}), so the cold-start burst can
 * show that 200 concurrent first requests cost one fetch.
 *
 * <pre>java -cp ... dev.audguard.benchmarks.http.KeyServer OUT_DIR TOKENS</pre>
 *
 * writes {@code OUT_DIR/tokens.txt} and {@code OUT_DIR/keyserver.port}, then serves until killed.
 */
public final class KeyServer {
    static final String ISSUER = "https://idp.example.com/realms/bench";
    static final String AUDIENCE = "orders-api";

    private KeyServer() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        RSAKey key = new RSAKeyGenerator(2048).keyID("bench-rsa").keyUse(KeyUse.SIGNATURE).generate();
        Files.write(out.resolve("tokens.txt"), mint(key, count), StandardCharsets.US_ASCII);

        byte[] jwks = new JWKSet(key).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            answer(exchange, "application/jwk-set+json", jwks);
        });
        server.createContext("/fetches", exchange ->
                answer(exchange, "text/plain", Integer.toString(fetches.get()).getBytes(StandardCharsets.US_ASCII)));
        server.start();
        Files.writeString(out.resolve("keyserver.port"), Integer.toString(server.getAddress().getPort()));
        System.out.println("key server on http://127.0.0.1:" + server.getAddress().getPort() + "/jwks, "
                + count + " tokens in " + out.resolve("tokens.txt"));
    }

    private static void answer(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
    }

    private static List<String> mint(RSAKey key, int count) throws JOSEException {
        RSASSASigner signer = new RSASSASigner(key);
        Instant now = Instant.now();
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID()).build(), KeycloakClaims.of(ISSUER, AUDIENCE, now, i));
            jwt.sign(signer);
            tokens.add(jwt.serialize());
        }
        return tokens;
    }
}
