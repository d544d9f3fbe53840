package dev.audguard.benchmarks.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Cold start of one server command (issue 21 item 7), in two fresh processes:
 *
 * <ol>
 *   <li><b>first accepted request</b>: from just before the process is started to the first
 *       {@code 200} to a request with a valid token (polled every 5 ms from the moment the port
 *       accepts connections);
 *   <li><b>burst</b>: once the port accepts connections, 200 already-open connections each send
 *       their first request at once (a latch), each with a different token; reports how many were
 *       accepted, the JWKS fetches the key server counted during the burst, and the latencies.
 * </ol>
 *
 * <pre>java -cp ... ColdStart TOKENS_FILE KEY_SERVER_URL PORT LABEL -- server command...</pre>
 *
 * prints one {@code COLD} line of {@code key=value} pairs. A harness, not a test: it measures.
 */
public final class ColdStart {
    private static final int BURST = 200;
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        List<String> tokens = Files.readAllLines(Path.of(args[0]), StandardCharsets.US_ASCII);
        URI keyServer = URI.create(args[1]);
        int port = Integer.parseInt(args[2]);
        String label = args[3];
        List<String> command = Arrays.asList(args).subList(Arrays.asList(args).indexOf("--") + 1, args.length);

        long firstAccepted = firstAcceptedMillis(command, port, tokens.get(0));
        Burst burst = burst(command, port, tokens, keyServer);
        System.out.printf("COLD label=%s first_accepted_ms=%d burst_accepted=%d/%d burst_jwks_fetches=%d "
                        + "burst_p50_ms=%.1f burst_max_ms=%.1f%n",
                label, firstAccepted, burst.accepted, BURST, burst.fetches, burst.p50Millis, burst.maxMillis);
    }

    private static long firstAcceptedMillis(List<String> command, int port, String token) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(20)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build();
        long start = System.nanoTime();
        Process server = start(command);
        try {
            while (System.nanoTime() - start < LIMIT.toNanos()) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("the server exited with " + server.exitValue());
                }
                try {
                    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    }
                    throw new IllegalStateException("the first answer was " + response.statusCode() + ", not 200");
                } catch (IOException notListeningYet) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            }
            throw new IllegalStateException("no accepted request within " + LIMIT);
        } finally {
            stop(server);
        }
    }

    private record Burst(int accepted, int fetches, double p50Millis, double maxMillis) {
    }

    private static Burst burst(List<String> command, int port, List<String> tokens, URI keyServer) throws Exception {
        Process server = start(command);
        try {
            awaitPort(server, port);
            int fetchesBefore = fetches(keyServer);
            List<Socket> sockets = new ArrayList<>(BURST);
            for (int i = 0; i < BURST; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setSoTimeout(60_000);
                sockets.add(socket);
            }
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(BURST);
            long[] nanos = new long[BURST];
            int[] status = new int[BURST];
            for (int i = 0; i < BURST; i++) {
                int n = i;
                Thread thread = new Thread(() -> {
                    try {
                        byte[] request = ("GET /hello HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                                + tokens.get(n % tokens.size()) + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                        go.await();
                        long t0 = System.nanoTime();
                        OutputStream out = sockets.get(n).getOutputStream();
                        out.write(request);
                        out.flush();
                        status[n] = statusOf(sockets.get(n).getInputStream());
                        nanos[n] = System.nanoTime() - t0;
                    } catch (IOException | InterruptedException e) {
                        status[n] = -1;
                    } finally {
                        done.countDown();
                    }
                });
                thread.start();
            }
            go.countDown();
            if (!done.await(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the burst did not finish within " + LIMIT);
            }
            for (Socket socket : sockets) {
                socket.close();
            }
            int accepted = (int) Arrays.stream(status).filter(s -> s == 200).count();
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Burst(accepted, fetches(keyServer) - fetchesBefore, sorted[BURST / 2] / 1e6, sorted[BURST - 1] / 1e6);
        } finally {
            stop(server);
        }
    }

    private static int statusOf(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        String[] parts = line.toString().split(" ");
        int statusCode = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        in.transferTo(OutputStream.nullOutputStream());
        return statusCode;
    }

    private static void awaitPort(Process server, int port) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < LIMIT.toNanos()) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue());
            }
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
        throw new IllegalStateException("port " + port + " did not open within " + LIMIT);
    }

    private static int fetches(URI keyServer) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = client.send(HttpRequest.newBuilder(keyServer.resolve("/fetches")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Integer.parseInt(body.trim());
    }

    private static Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor();
        }
    }
}
