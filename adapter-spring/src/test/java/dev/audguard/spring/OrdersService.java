package dev.audguard.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service with nothing but controllers, for the ITs that configure audguard by properties alone
 * (the conformance kit, the explained refusals): {@code /orders} and {@code /admin/report}. An IT
 * with its own security configuration imports {@link Api} beside it ({@code OwnChainWithDefaultsIT}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(OrdersService.Api.class)
class OrdersService {
    @RestController
    static class Api {
        @GetMapping("/orders")
        String orders() {
            return "[]";
        }

        @GetMapping("/admin/report")
        String report() {
            return "report";
        }
    }
}
