package dev.audguard.jaxrs.internal;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Finds the resource methods of an application's classes, those of the types their sub-resource
 * locators declare included, so that every rule they carry is read when the application starts
 * rather than at the first request. A method is a resource method when it, or a method it
 * overrides, carries an HTTP method designator ({@code @GET}, ...); a locator when it carries
 * {@code @Path} without one. Not API.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResourceMethods {
    private ResourceMethods() {
    }

    /** Calls {@code action} with each resource method of {@code classes} and of the types their locators return. */
    public static void forEach(Collection<Class<?>> classes, BiConsumer<Class<?>, Method> action) {
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> queue = new ArrayDeque<>(classes);
        while (!queue.isEmpty()) {
            Class<?> type = queue.removeFirst();
            if (!seen.add(type) || type.isPrimitive() || type.isArray() || type.getName().startsWith("java.")) {
                continue;
            }
            for (Method method : type.getMethods()) {
                if (method.getDeclaringClass() == Object.class || Modifier.isStatic(method.getModifiers()) || method.isBridge()) {
                    continue;
                }
                boolean designated = hasDesignator(type, method);
                if (designated) {
                    action.accept(type, method);
                } else if (hasPath(type, method)) {
                    queue.add(method.getReturnType());
                }
            }
        }
    }

    private static boolean hasDesignator(Class<?> type, Method method) {
        return anyDeclaration(type, method, m -> {
            for (Annotation annotation : m.getDeclaredAnnotations()) {
                if (annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
                    return true;
                }
            }
            return false;
        });
    }

    private static boolean hasPath(Class<?> type, Method method) {
        return anyDeclaration(type, method, m -> m.isAnnotationPresent(Path.class));
    }

    private interface Test {
        boolean on(Method method);
    }

    /** Whether {@code test} holds for {@code method} or a declaration of it anywhere in {@code type}'s hierarchy. */
    private static boolean anyDeclaration(Class<?> type, Method method, Test test) {
        if (test.on(method)) {
            return true;
        }
        Deque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            Class<?> t = queue.removeFirst();
            if (t == Object.class || !seen.add(t)) {
                continue;
            }
            try {
                if (test.on(t.getDeclaredMethod(method.getName(), method.getParameterTypes()))) {
                    return true;
                }
            } catch (NoSuchMethodException absent) {
                // not declared here; look further up
            }
            if (t.getSuperclass() != null) {
                queue.add(t.getSuperclass());
            }
            queue.addAll(Arrays.asList(t.getInterfaces()));
        }
        return false;
    }
}
