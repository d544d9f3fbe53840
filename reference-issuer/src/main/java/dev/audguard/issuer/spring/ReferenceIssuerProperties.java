package dev.audguard.issuer.spring;

import dev.audguard.issuer.Realm;
import dev.audguard.issuer.RealmHandle;
import dev.audguard.issuer.ReferenceIssuer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts an issuer for one Spring application context and puts its URLs into the context's
 * environment: the work behind {@link WithReferenceIssuer} and {@link ReferenceIssuerInitializer}.
 *
 * <p>Thread-safe: each call starts its own issuer.
 */
public final class ReferenceIssuerProperties {

    /** Spring Security's resource-server issuer (discovery, keys and the {@code iss} check). */
    public static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    /** Spring Security's audience check. */
    public static final String AUDIENCES = "spring.security.oauth2.resourceserver.jwt.audiences";
    /** audguard's audiences (adapter-spring). */
    public static final String AUDGUARD_AUDIENCES = "audguard.audiences";
    /** Where the URL of the issuer's realm is also put, for the test's own use. */
    public static final String ISSUER_URL = "reference-issuer.issuer-url";

    private static final String SOURCE = "referenceIssuer";
    /** Spring's TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME: @SpringBootTest(properties), @TestPropertySource(properties). */
    private static final String INLINED = "Inline Test Properties";

    private ReferenceIssuerProperties() {
    }

    /**
     * Starts an issuer serving {@code realms} (none: the demo realm), registers it and the chosen
     * realm's handle as beans {@code referenceIssuer} and {@code referenceIssuerRealm}, stops it when
     * the context closes, and adds the properties above the application's own configuration
     * ({@code application.yml}) and below what the test sets inline ({@code @SpringBootTest(properties = ..)},
     * {@code @TestPropertySource(properties = ..)}), which wins.
     *
     * @param realmName the realm to point at; null or empty: the first one
     * @param audiences the application's audiences; may be empty
     * @throws IllegalArgumentException naming the realm when no such realm is served
     */
    public static ReferenceIssuer start(ConfigurableApplicationContext context, List<Realm> realms, String realmName,
            List<String> audiences) {
        ReferenceIssuer.Builder builder = ReferenceIssuer.builder();
        realms.forEach(builder::realm);
        ReferenceIssuer issuer = builder.start();
        try {
            RealmHandle realm = issuer.realm(realmName == null || realmName.isEmpty() ? issuer.realmNames().get(0) : realmName);
            Map<String, Object> properties = new LinkedHashMap<>(properties(realm.issuerUrl(), audiences));
            ConfigurableEnvironment environment = context.getEnvironment();
            // Above application.yml (whose issuer-uri names production), below what the test class sets inline.
            MapPropertySource source = new MapPropertySource(SOURCE, properties);
            if (environment.getPropertySources().contains(INLINED)) {
                environment.getPropertySources().addAfter(INLINED, source);
            } else {
                environment.getPropertySources().addFirst(source);
            }
            context.getBeanFactory().registerSingleton("referenceIssuer", issuer);
            context.getBeanFactory().registerSingleton("referenceIssuerRealm", realm);
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                    issuer.close();
                }
            });
            return issuer;
        } catch (RuntimeException e) {
            issuer.close();
            throw e;
        }
    }

    /** The properties that point an application at an issuer URL, as {@link WithReferenceIssuer} sets them. */
    public static Map<String, String> properties(String issuerUrl, List<String> audiences) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(ISSUER_URI, issuerUrl);
        p.put(ISSUER_URL, issuerUrl);
        if (!audiences.isEmpty()) {
            p.put(AUDIENCES, String.join(",", audiences));
            p.put(AUDGUARD_AUDIENCES, String.join(",", audiences));
        }
        return p;
    }
}
