package dev.audguard.jaxrs;

import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * An application of the given resource classes with a feature instance (and any further provider
 * instances, e.g. an application's own filter), portable to Jersey and RESTEasy.
 */
final class TestApp extends Application {
    private final Set<Object> instances;
    private final Set<Class<?>> classes;

    TestApp(Object feature, Class<?>... classes) {
        this(Set.of(feature), classes);
    }

    TestApp(Set<Object> instances, Class<?>... classes) {
        this.instances = Set.copyOf(instances);
        this.classes = Set.of(classes);
    }

    @Override
    public Set<Class<?>> getClasses() {
        return classes;
    }

    // deprecated in Jakarta REST 3.1 in favour of CDI, yet the one portable way to hand Jersey and
    // RESTEasy an instance without CDI
    @SuppressWarnings("deprecation")
    @Override
    public Set<Object> getSingletons() {
        return instances;
    }
}
