package dev.audguard.spring.readme;

import dev.audguard.spring.client.ExchangingClientHttpRequestInterceptor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** The README's downstream client. */
@Configuration(proxyBeanMethods = false)
class DownstreamClients {

    @Bean
    RestClient serviceC(RestClient.Builder builder, ExchangingClientHttpRequestInterceptor exchanging,
                        @Value("${audguard.exchange.targets.service-c.base-url}") String baseUrl) {
        return builder.baseUrl(baseUrl).requestInterceptor(exchanging).build();
    }
}
