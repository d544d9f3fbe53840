package dev.audguard.servlet;

import dev.audguard.issuer.junit.ReferenceIssuerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Cases that every servlet container runs: a subclass names the cases' applications, and each
 * container's IT extends that with its {@link ServletContainer.Starter}. One container per test
 * class, started before its first test and stopped after its last, and one reference issuer with
 * the built-in demo realm that the applications trust.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerCases {
    @RegisterExtension
    static ReferenceIssuerExtension issuer = ReferenceIssuerExtension.builtInDemo();

    private final ServletContainer.Starter starter;
    private ServletContainer container;

    ContainerCases(ServletContainer.Starter starter) {
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    /** The applications the cases run against. */
    abstract List<ServletContainer.App> applications();

    @BeforeAll
    final void startContainer() {
        container = starter.start(applications());
    }

    @AfterAll
    final void stopContainer() {
        container.close();
    }

    /** An absolute URI on the running container. */
    final URI uri(String path) {
        return container.uri(path);
    }
}
