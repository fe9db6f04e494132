package com.example.estate;

import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * "An existing estate": a Camel Spring Boot application of its own — a REST controller (one of its
 * endpoints under /v1, taking plain text), a Camel route, an actuator endpoint, its own database
 * schema and a bean named like one of the gateway's — that takes the gateway in as a plain dependency.
 */
@SpringBootApplication
public class EstateApplication {

    @RestController
    static class Orders {
        private final JdbcTemplate jdbc;

        Orders(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @GetMapping("/estate/orders/count")
        int count() {
            return jdbc.queryForObject("SELECT COUNT(*) FROM estate_orders", Integer.class);
        }

        /** The estate's own, under the gateway's /v1 prefix: plain text, which no gateway path takes. */
        @PostMapping(path = "/v1/estate/notes", consumes = "text/plain")
        String note(@RequestBody String note) {
            return "noted: " + note;
        }
    }

    /** The estate's own actuator endpoint, open as the estate configured its actuator. */
    @Endpoint(id = "orders")
    public static class OrdersEndpoint {
        @ReadOperation
        public Map<String, Object> orders() {
            return Map.of("open", 1);
        }
    }

    @Bean
    OrdersEndpoint ordersEndpoint() {
        return new OrdersEndpoint();
    }

    @Bean
    RouteBuilder estateRoutes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/estate/ping?httpMethodRestrict=GET").routeId("estate-ping")
                        .setBody(constant("pong"));
            }
        };
    }

    /** The estate's own "catalog", a name the gateway's beans must not collide with. */
    @Bean
    String catalog() {
        return "the estate's product catalog";
    }
}
