package io.opengateway;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The standalone gateway: the gateway's auto-configuration (its beans, routes and tables) plus the
 * settings of opengateway.yaml. It reads opengateway.yaml instead of application.yaml so that an
 * application embedding the gateway jar never picks up the standalone settings.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class OpenGatewayApplication {

    public static final String CONFIG_NAME = "opengateway";

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(OpenGatewayApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        app.run(args);
    }
}
