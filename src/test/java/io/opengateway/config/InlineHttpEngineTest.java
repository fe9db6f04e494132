package io.opengateway.config;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import io.opengateway.support.GatewayTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/** The public routes are served on the container's request thread: no hand-off to Spring's task executor. */
class InlineHttpEngineTest extends GatewayTestBase {

    @Autowired
    CamelContext camel;
    @Autowired
    @Qualifier("applicationTaskExecutor")
    TaskExecutor taskExecutor;

    @Test
    void requests_run_on_the_container_thread_without_the_task_executor() throws Exception {
        assertThat(camel.getComponent("platform-http", PlatformHttpComponent.class).getEngine())
                .isInstanceOf(InlineHttpEngine.Engine.class);
        long before = handedOff();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/models")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"object\":\"list\"");
        }
        assertThat(handedOff()).as("tasks run by Spring's task executor").isEqualTo(before);
    }

    /** Tasks Spring's executor has taken (a pool on Java 17; on 21+ virtual threads, nothing to count). */
    private long handedOff() {
        return taskExecutor instanceof ThreadPoolTaskExecutor pool ? pool.getThreadPoolExecutor().getTaskCount() : 0;
    }
}
