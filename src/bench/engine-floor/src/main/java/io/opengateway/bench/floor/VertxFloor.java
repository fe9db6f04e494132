package io.opengateway.bench.floor;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * What Camel costs on Platform HTTP's Vert.x engine with no gateway work: GET /v1/models answered
 * with fixed bytes (the gateway's own catalog answer, so both write the same body). Beside the
 * gateway's floor row (the same GET through Tomcat and the servlet engine, with the
 * gateway's filters, building the catalog answer each time), it separates the web engine's share
 * of a request from the gateway's. Usage: {@code VertxFloor <port> <body file>} (binds 127.0.0.1).
 */
public final class VertxFloor {

    private VertxFloor() {
    }

    public static void main(String[] args) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        Main main = new Main();
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/v1/models?httpMethodRestrict=GET").routeId("floor")
                        .setHeader("Content-Type", constant("application/json"))
                        .setBody(constant(body));
            }
        });
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.host", "127.0.0.1");
        main.addInitialProperty("camel.server.port", args[0]);
        main.run();
    }
}
