package dev.audguard.redis;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.PooledConnectionProvider;

import java.net.SocketTimeoutException;
import java.util.function.Function;

/**
 * The connection pool both stores use, and what they do when a pooled connection turns out broken.
 *
 * <p>After Redis restarts (or a proxy or firewall drops idle connections), every connection the pool
 * held is dead, and the next command meets one and fails: the replay store's request got a 503.
 * (Jedis 8.0.2's pool then replaces the others by itself, so only that first command failed in
 * {@code RedisRecoveryIT}; clearing the idle connections here keeps recovery from depending on that.)
 * So a command that fails because its connection is broken (not
 * because Redis is slow: a timeout is never retried, it already cost the caller the whole timeout)
 * drops every idle connection of the pool, which are then likely dead too, and runs once more, on a
 * new connection. Redis still down: the second attempt fails too, and the store reports the failure.
 * Whether a command may run twice is each store's to decide ({@link #withOneRetry} only for commands
 * that may).
 *
 * <p>Thread-safe. Not API.
 */
final class PooledRedis implements AutoCloseable {
    private final PooledConnectionProvider provider;
    private final RedisClient client;

    PooledRedis(HostAndPort address, JedisClientConfig config) {
        this.provider = new PooledConnectionProvider(address, config, new ConnectionPoolConfig());
        this.client = RedisClient.builder().connectionProvider(provider).build();
    }

    RedisClient client() {
        return client;
    }

    /**
     * Whether {@code failure} says the connection was broken (closed, reset, refused), as opposed to
     * Redis answering too slowly or refusing the command.
     */
    static boolean brokenConnection(RuntimeException failure) {
        if (!(failure instanceof JedisConnectionException)) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return false;
            }
        }
        return true;
    }

    /** Closes the idle connections: after one was found broken, the others most likely are too. */
    void dropIdleConnections() {
        provider.getPool().clear();
    }

    /** Runs {@code command}, once more on a new connection when its connection was broken; for commands that may run twice. */
    <T> T withOneRetry(Function<RedisClient, T> command) {
        try {
            return command.apply(client);
        } catch (RuntimeException failure) {
            if (!brokenConnection(failure)) {
                throw failure;
            }
            dropIdleConnections();
            return command.apply(client);
        }
    }

    /** How many connections the pool holds idle, for tests. */
    int idleConnections() {
        return provider.getPool().getNumIdle();
    }

    @Override
    public void close() {
        client.close();
    }
}
