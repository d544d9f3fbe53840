package dev.audguard.spring.internal;

import org.springframework.core.Ordered;
import org.springframework.web.filter.RequestContextFilter;

/**
 * Spring's {@link RequestContextFilter}, ordered before Spring Security's filter chain (as Spring
 * MVC's own), so that per-path rules see the request being authenticated. Registered only when the
 * application has none. Not API.
 *
 * <p>Thread-safe.
 */
public final class OrderedRequestContextFilter extends RequestContextFilter implements Ordered {
    /** Spring Boot's order for its request-context filter: before the security filter chain (-100). */
    public static final int ORDER = -105;

    @Override
    public int getOrder() {
        return ORDER;
    }
}
