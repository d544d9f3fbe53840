/**
 * A DPoP {@link dev.audguard.core.binding.ReplayStore} on Redis, shared by every instance of a
 * service: {@link dev.audguard.redis.RedisReplayStore}.
 */
package dev.audguard.redis;
