package dev.audguard.spring.internal;

import dev.audguard.spring.server.AudguardJwtDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Fails the start when the application declares a {@link JwtDecoder} bean that is not an
 * {@link AudguardJwtDecoder}: Spring Security would check every token with it, without
 * audguard's audience, issuer and key rules, while the application believes audguard protects it.
 * {@code audguard.allow-unchecked-jwt-decoder=true} keeps such a decoder, with a WARN at start-up.
 * Runs once all singletons exist, so it inspects the decoders the application really has. Not API.
 *
 * <p>Thread-safe (runs once, at start-up).
 */
public final class DecoderGuard implements SmartInitializingSingleton {
    /** The opt-out property. */
    public static final String OPT_OUT = "audguard.allow-unchecked-jwt-decoder";

    private static final Logger log = LoggerFactory.getLogger(DecoderGuard.class);

    private final ListableBeanFactory beans;
    private final boolean allowUnchecked;

    /** Inspects the {@code JwtDecoder} beans of {@code beans}. */
    public DecoderGuard(ListableBeanFactory beans, boolean allowUnchecked) {
        this.beans = beans;
        this.allowUnchecked = allowUnchecked;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String name : beans.getBeanNamesForType(JwtDecoder.class, true, false)) {
            Class<?> type = beans.getType(name, false);
            if (type != null && AudguardJwtDecoder.class.isAssignableFrom(type)) {
                continue;
            }
            Object decoder = beans.getBean(name);
            if (decoder instanceof AudguardJwtDecoder) {
                continue;
            }
            String kind = decoder.getClass().getSimpleName().isEmpty() ? decoder.getClass().getName()
                    : decoder.getClass().getSimpleName();
            if (allowUnchecked) {
                log.warn("audguard: {}=true: the JwtDecoder bean '{}' ({}) is not audguard's, so tokens are accepted without "
                        + "audguard's audience, issuer and key checks", OPT_OUT, name, kind);
                continue;
            }
            throw new AudguardConfigurationException("audguard: the application declares its own JwtDecoder bean '" + name
                    + "' (" + kind + "), which audguard did not build, so Spring Security would accept tokens without "
                    + "audguard's audience, issuer and key checks.",
                    "Remove the bean and configure the issuer with spring.security.oauth2.resourceserver.jwt.issuer-uri "
                            + "(audguard builds the decoder from it); or build the bean with AudguardJwtDecoder.builder(tokenValidator), "
                            + "moving extra checks into .jwtValidator(...) or a TokenValidatorCustomizer bean; or, to keep a "
                            + "decoder that skips audguard's checks, set " + OPT_OUT + "=true.");
        }
    }
}
