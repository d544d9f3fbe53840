package dev.audguard.spring.internal;

import dev.audguard.spring.AudguardProperties;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up checks of the {@code audguard.*} properties as written: a key that binds to nothing
 * (a typo would otherwise be ignored, and with it a security setting) fails naming the nearest
 * known key, and a secret that still holds an unresolved {@code ${...}} placeholder fails instead
 * of being sent as the literal text. Never echoes a secret. Not API.
 *
 * <p>Thread-safe (stateless).
 */
public final class PropertyCheck {
    private static final String PREFIX = "audguard";
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)");
    private static final List<String> KNOWN = known();

    private PropertyCheck() {
    }

    /**
     * Checks the properties of {@code environment}.
     *
     * @throws AudguardConfigurationException naming an unknown key, or a secret left unresolved
     */
    public static void check(Environment environment, AudguardProperties bound) {
        try {
            Binder.get(environment).bind(PREFIX, Bindable.ofInstance(new AudguardProperties()),
                    new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
        } catch (BindException e) {
            if (e.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
                throw unknown(unbound.getUnboundProperties(), unbound);
            }
            // a value that does not convert: Spring's own binding of the properties reports it
        }
        secret(bound.getExchange().getClientSecret(), "audguard.exchange.client-secret");
        secret(bound.getExchange().getPrivateKeyJwk(), "audguard.exchange.private-key-jwk");
        secret(bound.getExchange().getDpopPrivateKeyJwk(), "audguard.exchange.dpop-private-key-jwk");
        secret(bound.getIntrospection().getClientSecret(), "audguard.introspection.client-secret");
        secret(bound.getDpop().getNonceSecret(), "audguard.dpop.nonce-secret");
        secret(bound.getDpop().getReplayStore().getRedis().getPassword(), SenderConstraintsProperties.REPLAY_STORE + ".password");
        secret(bound.getExchange().getSharedCache().getRedis().getPassword(), "audguard.exchange.shared-cache.redis.password");
        redisOnClasspath(bound.getDpop().getReplayStore().getRedis(), SenderConstraintsProperties.REPLAY_STORE);
        redisOnClasspath(bound.getExchange().getSharedCache().getRedis(), "audguard.exchange.shared-cache.redis");
        secret(SpringOpaqueTokenProperties.from(environment).clientSecret(), SpringOpaqueTokenProperties.PREFIX + ".client-secret");
    }

    private static void secret(String value, String property) {
        if (value == null) {
            return;
        }
        Matcher placeholder = PLACEHOLDER.matcher(value);
        if (placeholder.find()) {
            // the placeholder's name is configuration, not the secret
            throw new AudguardConfigurationException("audguard: " + property + " holds the unresolved placeholder ${"
                    + placeholder.group(1) + "}, so its literal text would be sent as the secret.",
                    "Define " + placeholder.group(1) + " (an environment variable or a property), or set " + property
                            + " to the secret itself.");
        }
    }

    /** The failure naming the first of {@code unbound} and its nearest known key. */
    static AudguardConfigurationException unknown(Collection<ConfigurationProperty> unbound, Throwable cause) {
        List<String> names = unbound.stream().map(p -> p.getName().toString()).sorted().toList();
        String first = names.get(0);
        String nearest = nearest(first);
        String others = names.size() == 1 ? "" : " (and " + String.join(", ", names.subList(1, names.size())) + ")";
        return new AudguardConfigurationException("audguard: " + first + " is not a known property" + others
                + "; the nearest known one is " + nearest + ".",
                "Correct it to " + nearest + ", or remove it (the audguard.* properties are listed in the adapter-spring README).",
                cause);
    }

    /** The known key nearest to {@code name}, with {@code name}'s own indices and map keys. */
    static String nearest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String template : KNOWN) {
            String candidate = render(template, name);
            int distance = distance(candidate, name);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** {@code template} ({@code [n]} for indices, {@code NAME} for map keys) filled with the values {@code name} uses. */
    private static String render(String template, String name) {
        String result = template;
        Matcher index = INDEX.matcher(name);
        while (result.contains("[n]")) {
            result = result.replaceFirst("\\[n]", index.find() ? "[" + index.group(1) + "]" : "[0]");
        }
        int at = result.indexOf(".NAME");
        if (at >= 0) {
            String head = result.substring(0, at + 1);
            String key = "NAME";
            if (name.startsWith(head)) {
                String rest = name.substring(head.length());
                key = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
            }
            result = head + key + result.substring(at + 5);
        }
        return result;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** A Redis store asked for without replay-store-redis would silently be an in-memory one: refused. */
    private static void redisOnClasspath(AudguardProperties.Redis redis, String prefix) {
        boolean set = redis.getUri() != null || redis.getPassword() != null || redis.getTimeout() != null || redis.getKeyPrefix() != null;
        if (set && !org.springframework.util.ClassUtils.isPresent("dev.audguard.redis.RedisReplayStore", PropertyCheck.class.getClassLoader())) {
            throw new AudguardConfigurationException("audguard: " + prefix + ".* is set, but dev.audguard:replay-store-redis is not "
                    + "on the class path, so the store would not be built.",
                    "Add the dependency dev.audguard:replay-store-redis (it brings the Jedis client), or remove " + prefix + ".*.");
        }
        if (set && redis.getUri() == null) {
            throw new AudguardConfigurationException("audguard: " + prefix + ".* is set without " + prefix + ".uri.",
                    "Set " + prefix + ".uri (redis://host:6379, rediss:// for TLS), or remove " + prefix + ".*.");
        }
    }

    private static List<String> known() {
        List<String> keys = new ArrayList<>();
        walk(PREFIX, AudguardProperties.class, keys);
        keys.sort(Comparator.naturalOrder());
        return List.copyOf(keys);
    }

    private static void walk(String prefix, Class<?> type, List<String> keys) {
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            if (property.getReadMethod() == null || property.getName().equals("class")) {
                continue;
            }
            String key = prefix + "." + kebab(property.getName());
            Class<?> value = property.getPropertyType();
            ResolvableType resolved = ResolvableType.forMethodReturnType(property.getReadMethod());
            if (List.class.isAssignableFrom(value)) {
                Class<?> element = resolved.asCollection().resolveGeneric(0);
                if (nested(element)) {
                    walk(key + "[n]", element, keys);
                } else {
                    keys.add(key);
                }
            } else if (Map.class.isAssignableFrom(value)) {
                Class<?> element = resolved.asMap().resolveGeneric(1);
                if (nested(element)) {
                    walk(key + ".NAME", element, keys);
                } else {
                    keys.add(key + ".NAME");
                }
            } else if (nested(value)) {
                walk(key, value, keys);
            } else {
                keys.add(key);
            }
        }
    }

    private static boolean nested(Class<?> type) {
        return type != null && type.getDeclaringClass() == AudguardProperties.class;
    }

    private static String kebab(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
