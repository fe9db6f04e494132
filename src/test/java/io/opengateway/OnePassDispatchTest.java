package io.opengateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.web.context.support.ServletRequestHandledEvent;

import io.opengateway.support.FakeUpstream;
import io.opengateway.support.GatewayTestBase;

import static io.opengateway.support.FakeUpstream.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes are served without Spring MVC (edge.DirectDispatch): the DispatcherServlet, which
 * announces every dispatch it handles, hears none of a route's requests, and still answers a
 * method no route takes.
 */
class OnePassDispatchTest extends GatewayTestBase {

    @Autowired
    AbstractApplicationContext context;

    @Test
    void a_route_is_served_without_the_dispatcher_servlet_and_a_wrong_method_still_reaches_it() throws Exception {
        List<String> dispatched = new CopyOnWriteArrayList<>();
        CountDownLatch wrongMethodHandled = new CountDownLatch(1);
        ApplicationListener<ServletRequestHandledEvent> listener = e -> {
            if (e.getRequestUrl().startsWith("/v1/")) {
                dispatched.add(e.getMethod() + " " + e.getRequestUrl());
                if (e.getMethod().equals("DELETE")) {
                    wrongMethodHandled.countDown();
                }
            }
        };
        context.addApplicationListener(listener);
        try {
            OPENAI.enqueue(FakeUpstream.json(200, fixture("openai/chat-completion.json")));
            assertThat(post("/v1/chat/completions", chat("openai/gpt-4o-mini")).statusCode()).isEqualTo(200);
            assertThat(get("/v1/models", null).statusCode()).isEqualTo(200);
            assertThat(get("/v1/models/openai/gpt-4o-mini", null).statusCode()).isEqualTo(200);
            HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/models"))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(405);
            assertThat(json(wrong.body()).path("error").path("code").asText()).isEqualTo("method_not_allowed");

            // the servlet announces a dispatch as it returns, which may be just after its answer arrived
            assertThat(wrongMethodHandled.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(dispatched).containsExactly("DELETE /v1/models");
        } finally {
            context.getBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME,
                    ApplicationEventMulticaster.class).removeApplicationListener(listener);
        }
    }
}
