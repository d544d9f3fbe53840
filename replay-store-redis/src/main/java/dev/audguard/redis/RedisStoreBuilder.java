package dev.audguard.redis;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;

import java.time.Duration;
import java.util.Objects;

/**
 * The connection options both Redis stores share ({@link RedisReplayStore.Builder},
 * {@link RedisExchangeCache.Builder}): where Redis is, the timeout, credentials, TLS, database and
 * key prefix. Each option may be set once. Not thread-safe.
 *
 * @param <B> the store's own builder
 */
public abstract class RedisStoreBuilder<B extends RedisStoreBuilder<B>> {
    String host;
    int port;
    Duration timeout;
    private final Duration defaultTimeout;
    String user;
    String password;
    boolean ssl;
    int database;
    String keyPrefix;
    private boolean keyPrefixSet;

    RedisStoreBuilder(Duration defaultTimeout, String defaultKeyPrefix) {
        this.defaultTimeout = defaultTimeout;
        this.keyPrefix = defaultKeyPrefix;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Where Redis listens. Required. */
    public B hostAndPort(String host, int port) {
        if (this.host != null) {
            throw new IllegalStateException("Redis hostAndPort is already set");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Redis host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Redis port " + port + " is outside 1..65535");
        }
        this.host = host;
        this.port = port;
        return self();
    }

    /** Connect and command timeout (10 ms to 10 s; each store names its default and what a timeout means). */
    public B timeout(Duration timeout) {
        if (this.timeout != null) {
            throw new IllegalStateException("Redis timeout is already set");
        }
        if (timeout.compareTo(Duration.ofMillis(10)) < 0 || timeout.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("Redis timeout must be between 10 ms and 10 s, not " + timeout);
        }
        this.timeout = timeout;
        return self();
    }

    /** Redis ACL user and password ({@code AUTH}); the password is never logged. */
    public B credentials(String user, String password) {
        if (this.password != null) {
            throw new IllegalStateException("Redis credentials are already set");
        }
        this.user = user;
        this.password = Objects.requireNonNull(password, "password");
        return self();
    }

    /** TLS to Redis (default off). */
    public B ssl() {
        this.ssl = true;
        return self();
    }

    /** The database index (default 0). */
    public B database(int database) {
        if (database < 0) {
            throw new IllegalArgumentException("Redis database must not be negative");
        }
        this.database = database;
        return self();
    }

    /** The prefix of every key (each store names its default); give each service its own when they share Redis. */
    public B keyPrefix(String prefix) {
        if (keyPrefixSet) {
            throw new IllegalStateException("Redis keyPrefix is already set");
        }
        if (prefix == null || prefix.isEmpty() || prefix.length() > 64 || prefix.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("Redis keyPrefix must be 1 to 64 printable ASCII characters without spaces");
        }
        this.keyPrefix = prefix;
        this.keyPrefixSet = true;
        return self();
    }

    /** Checks that {@code store} can be built. */
    void requireHost(String store) {
        if (host == null) {
            throw new IllegalStateException(store + " needs hostAndPort(host, port)");
        }
    }

    Duration effectiveTimeout() {
        return timeout != null ? timeout : defaultTimeout;
    }

    /** "redis host:port", for logs and health. */
    String description() {
        return "redis " + host + ':' + port;
    }

    /** A pooled client with these options, connecting lazily; {@code clientName} shows in Redis's CLIENT LIST. */
    PooledRedis client(String clientName) {
        int millis = (int) effectiveTimeout().toMillis();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .ssl(ssl)
                .database(database)
                .clientName(clientName);
        if (user != null) {
            config.user(user);
        }
        if (password != null) {
            config.password(password);
        }
        return new PooledRedis(new HostAndPort(host, port), config.build());
    }
}
