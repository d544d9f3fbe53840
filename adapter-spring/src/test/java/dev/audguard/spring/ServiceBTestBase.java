package dev.audguard.spring;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;

/**
 * The {@link ServiceB} application on a free port. Every subclass shares one application
 * context (Spring caches it: same classes, same properties), so it starts once per run.
 */
@SpringBootTest(classes = ServiceB.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ServiceBTestBase {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void serviceB(DynamicPropertyRegistry registry) {
        ServiceB.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** Each test starts with nothing received by {@link ServiceC}, which every ServiceB test's service calls. */
    @BeforeEach
    void forgetWhatServiceCReceived() {
        ServiceC.received().reset();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String alice() {
        return TestIssuers.demo().passwordGrant("service-a", "a-secret", "alice", "alice").accessToken();
    }

    static String bob() {
        return TestIssuers.demo().passwordGrant("service-a", "a-secret", "bob", "bob").accessToken();
    }
}
