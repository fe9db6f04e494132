package com.example.estate;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.context.annotation.Bean;

/**
 * An estate route on an endpoint the gateway's routes consume. Neither annotated nor nested in
 * EstateApplication, so no scan finds it: a test adds it as a source of its own.
 */
public class ClashingRoute {

    @Bean
    RouteBuilder estateBilling() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:billing").routeId("estate-billing").log("the estate's own billing");
            }
        };
    }
}
