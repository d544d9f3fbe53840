package dev.audguard.spring.internal;

import dev.audguard.redis.RedisExchangeCache;
import dev.audguard.redis.RedisReplayStore;
import dev.audguard.redis.RedisStoreBuilder;
import dev.audguard.spring.AudguardProperties;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The Redis stores of {@code audguard.dpop.replay-store.redis.*} and
 * {@code audguard.exchange.shared-cache.redis.*}: {@code uri} ({@code redis://} or {@code rediss://}
 * for TLS, user and password in it or {@code .password}, the database as its path), {@code timeout},
 * {@code key-prefix}. Loaded only when replay-store-redis is on the classpath. A mistake fails
 * start-up naming the property; the password is never part of a message. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class RedisStores {
    public static final String REPLAY = SenderConstraintsProperties.REPLAY_STORE;
    public static final String CACHE = "audguard.exchange.shared-cache.redis";

    private RedisStores() {
    }

    /** The replay store of {@link #REPLAY}. */
    public static RedisReplayStore replayStore(AudguardProperties.Redis redis) {
        return configure(RedisReplayStore.builder(), redis, REPLAY).build();
    }

    /** The shared exchange cache of {@link #CACHE}. */
    public static RedisExchangeCache exchangeCache(AudguardProperties.Redis redis) {
        return configure(RedisExchangeCache.builder(), redis, CACHE).build();
    }

    private static <B extends RedisStoreBuilder<B>> B configure(B builder, AudguardProperties.Redis redis, String prefix) {
        URI uri = redis.getUri();
        String scheme = uri == null ? null : uri.getScheme();
        if (uri == null || !("redis".equalsIgnoreCase(scheme) || "rediss".equalsIgnoreCase(scheme)) || uri.getHost() == null) {
            // the uri may hold a password: never shown
            throw new AudguardConfigurationException("audguard: " + prefix + ".uri is not a redis:// or rediss:// URI with a host.",
                    "Set " + prefix + ".uri to redis://host:6379 (rediss:// for TLS; the database as the path, e.g. redis://host:6379/2).");
        }
        try {
            builder.hostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String info = uri.getRawUserInfo();
                int colon = info.indexOf(':');
                user = colon < 0 ? null : decode(info.substring(0, colon));
                password = decode(colon < 0 ? info : info.substring(colon + 1));
                if (user != null && user.isEmpty()) {
                    user = null;
                }
            }
            if (redis.getPassword() != null) {
                if (password != null) {
                    throw new AudguardConfigurationException("audguard: " + prefix + ".uri holds a password and " + prefix
                            + ".password is set too, so one of them would be ignored.",
                            "Keep the password in one place: " + prefix + ".password (e.g. ${REDIS_PASSWORD}) and a uri without it.");
                }
                password = redis.getPassword();
            }
            if (password != null) {
                builder.credentials(user, password);
            }
            if ("rediss".equalsIgnoreCase(scheme)) {
                builder.ssl();
            }
            String path = uri.getPath();
            if (path != null && path.length() > 1) {
                builder.database(Integer.parseInt(path.substring(1)));
            }
            if (redis.getTimeout() != null) {
                builder.timeout(redis.getTimeout());
            }
            if (redis.getKeyPrefix() != null) {
                builder.keyPrefix(redis.getKeyPrefix());
            }
            return builder;
        } catch (IllegalArgumentException | IllegalStateException invalid) {
            if (invalid instanceof AudguardConfigurationException configuration) {
                throw configuration;
            }
            // the builder's messages name the option and the value at fault, never the password
            throw new AudguardConfigurationException("audguard: " + prefix + " is not usable: "
                    + (invalid instanceof NumberFormatException ? "the uri's path is not a database number" : invalid.getMessage()) + ".",
                    "Correct the " + prefix + ".* properties (uri, timeout, password, key-prefix).", invalid);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
