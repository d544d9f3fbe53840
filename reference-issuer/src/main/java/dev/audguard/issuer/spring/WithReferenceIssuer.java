package dev.audguard.issuer.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a {@link dev.audguard.issuer.ReferenceIssuer} before a Spring test's application context
 * and points the context at it, so a {@code @SpringBootTest} of a resource server needs one line:
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
 * @WithReferenceIssuer(audience = "service-b")
 * class OrdersApiTest {
 *     @Autowired RealmHandle demo;   // and ReferenceIssuer
 *     ...
 * }
 * }</pre>
 *
 * <p>Sets {@value ReferenceIssuerProperties#ISSUER_URI} to the realm's issuer URL, and with an
 * {@link #audience()} also {@value ReferenceIssuerProperties#AUDIENCES} and audguard's
 * {@value ReferenceIssuerProperties#AUDGUARD_AUDIENCES}; the context gets the issuer and the realm's
 * {@link dev.audguard.issuer.RealmHandle} as beans. These properties win over the application's
 * {@code application.yml}; properties the test sets inline ({@code @SpringBootTest(properties = ..)})
 * win over them. Test classes
 * with the same attributes share one context (Spring's context cache) and so one issuer, which stops
 * when that context closes; a test that moves the issuer's clock or injects faults resets them.
 *
 * <p>Found by Spring's test context framework through {@code META-INF/spring.factories}; needs
 * {@code spring-test} on the test class path, which {@code spring-boot-starter-test} brings.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface WithReferenceIssuer {

    /** Realm files on the class path (Keycloak realm exports); none: the built-in {@code demo} realm. */
    String[] realmFiles() default {};

    /** The realm whose issuer the application trusts; empty: the only (or first) realm served. */
    String realm() default "";

    /** The audiences the application answers to (its client id); empty: none set. */
    String[] audience() default {};
}
