package dev.audguard.spring.internal;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * The subset of Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*} properties that
 * audguard honours, bound from the environment directly so that Boot's resource-server module
 * (and its property class) need not be present. Not API.
 *
 * <p>Immutable and thread-safe.
 *
 * @param issuerUri the trusted issuer, or null
 * @param jwkSetUri its JWKS URI, or null for discovery
 * @param audiences the audiences, possibly empty
 * @param jwsAlgorithms the accepted algorithms, possibly empty (then sdk-core's asymmetric default)
 * @param principalClaimName the claim naming the principal, or null for sub
 */
public record SpringJwtProperties(String issuerUri, String jwkSetUri, List<String> audiences, List<String> jwsAlgorithms,
                                  String principalClaimName) {
    /** The prefix of the properties read. */
    public static final String PREFIX = "spring.security.oauth2.resourceserver.jwt";

    /** Copies the lists. */
    public SpringJwtProperties {
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        jwsAlgorithms = jwsAlgorithms == null ? List.of() : List.copyOf(jwsAlgorithms);
    }

    /** The values set in {@code environment}. */
    public static SpringJwtProperties from(Environment environment) {
        Binder binder = Binder.get(environment);
        return new SpringJwtProperties(
                binder.bind(PREFIX + ".issuer-uri", String.class).orElse(null),
                binder.bind(PREFIX + ".jwk-set-uri", String.class).orElse(null),
                binder.bind(PREFIX + ".audiences", Bindable.listOf(String.class)).orElse(List.of()),
                binder.bind(PREFIX + ".jws-algorithms", Bindable.listOf(String.class)).orElse(List.of()),
                binder.bind(PREFIX + ".principal-claim-name", String.class).orElse(null));
    }
}
