package dev.audguard.spring;

import dev.audguard.spring.internal.OrderedRequestContextFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.context.request.RequestContextListener;
import org.springframework.web.filter.RequestContextFilter;

/**
 * Makes sure the request being authenticated is bound to its thread, which {@link dev.audguard.spring.server.PathRules}
 * needs: Spring MVC registers a {@code RequestContextFilter} before Spring Security's chain; a
 * servlet application without Spring MVC gets one from here.
 */
@AutoConfiguration(afterName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public final class AudguardRequestContextAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean({RequestContextListener.class, RequestContextFilter.class})
    OrderedRequestContextFilter audguardRequestContextFilter() {
        return new OrderedRequestContextFilter();
    }
}
