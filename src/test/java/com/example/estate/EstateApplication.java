package com.example.estate;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * "An existing estate": a Camel Spring Boot application of its own — a REST controller, a Camel
 * route, its own database schema and a bean named like one of the gateway's — that takes the
 * gateway in as a plain dependency.
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
