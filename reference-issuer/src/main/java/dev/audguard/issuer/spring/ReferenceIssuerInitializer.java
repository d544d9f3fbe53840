package dev.audguard.issuer.spring;

import dev.audguard.issuer.Realm;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import java.util.Arrays;
import java.util.List;

/**
 * The same as {@link WithReferenceIssuer} for code that takes an initializer class:
 * {@code @ContextConfiguration(initializers = ReferenceIssuerInitializer.class)} or
 * {@code new SpringApplicationBuilder(App.class).initializers(new ReferenceIssuerInitializer())}.
 * It reads its settings from the context's environment: {@code reference-issuer.realm-files}
 * (class-path resources, comma-separated; default the demo realm), {@code reference-issuer.realm},
 * {@code reference-issuer.audience} (comma-separated).
 *
 * <p>Stateless; thread-safe.
 */
public final class ReferenceIssuerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Environment env = context.getEnvironment();
        ReferenceIssuerProperties.start(context, realms(list(env.getProperty("reference-issuer.realm-files"))),
                env.getProperty("reference-issuer.realm"), list(env.getProperty("reference-issuer.audience")));
    }

    static List<Realm> realms(List<String> resources) {
        return resources.isEmpty() ? List.of(Realm.builtInDemo()) : resources.stream().map(Realm::fromClasspath).toList();
    }

    private static List<String> list(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
