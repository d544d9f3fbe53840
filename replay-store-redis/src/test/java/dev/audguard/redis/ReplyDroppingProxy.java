package dev.audguard.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a real Redis that can lose one reply: armed with
 * {@link #loseTheReplyToTheNextSet()}, it forwards the next {@code SET} command to Redis (which runs
 * it), then closes that connection instead of forwarding Redis's answer, as a network failure between
 * the two would. Everything else passes through. Which reply is lost does not depend on timing: Redis
 * answers a connection's commands in order, and the one after a {@code SET} forwarded on a connection
 * whose command is in flight is that {@code SET}'s.
 */
final class ReplyDroppingProxy implements AutoCloseable {
    private static final byte[] SET = "\r\n$3\r\nSET\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final int redisPort;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger lost = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    ReplyDroppingProxy(int redisPort) throws IOException {
        this.redisPort = redisPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "redis-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Loses the answer to the next {@code SET} any connection sends (the command itself reaches Redis). */
    void loseTheReplyToTheNextSet() {
        armed.set(true);
    }

    /** How many replies were lost so far. */
    int lostReplies() {
        return lost.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket redis = new Socket(InetAddress.getLoopbackAddress(), redisPort);
                sockets.add(client);
                sockets.add(redis);
                AtomicBoolean loseNextReply = new AtomicBoolean();
                pump(client, redis, true, loseNextReply);
                pump(redis, client, false, loseNextReply);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardRedis, AtomicBoolean loseNextReply) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (towardRedis) {
                        if (contains(buffer, n, SET) && armed.compareAndSet(true, false)) {
                            loseNextReply.set(true);
                        }
                    } else if (loseNextReply.compareAndSet(true, false)) {
                        lost.incrementAndGet();
                        from.close();
                        to.close();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // either side went away: so does the other
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "redis-proxy-" + (towardRedis ? "up" : "down"));
        thread.setDaemon(true);
        thread.start();
    }

    private static boolean contains(byte[] buffer, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (Character.toUpperCase(buffer[i + j]) != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(ReplyDroppingProxy::closeQuietly);
    }
}
