package io.opengateway.edge;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;

import io.opengateway.config.GatewayPaths;

/**
 * Serves the gateway's routes on the servlet port in one pass. The starter's platform-http consumer
 * is a Spring MVC handler returning a future: each request went through the DispatcherServlet twice
 * (the request, then an async re-dispatch that only ends it), 11 % of a model request's CPU in the
 * profile of issue 20. This filter, the last before the DispatcherServlet, finds the consumer in the
 * same handler mapping (the same paths, methods and path variables, which it leaves on the request),
 * starts async, calls the consumer as Spring MVC would (its {@code service} runs the exchange on the
 * starter's executor and answers a failure with a 500) and completes the request when that is done. What the mapping does not serve (a wrong method, a path without a route) goes on to Spring
 * MVC, which answers it as before. A client that leaves mid-stream still fails the next write
 * ({@link AsyncResponse}), and the stream's close aborts the upstream (stream.SseRelay).
 */
public final class DirectDispatch implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(DirectDispatch.class);

    private final GatewayPaths paths;
    private final ObjectProvider<CamelRequestHandlerMapping> mappings;
    private final long timeoutMillis;
    private volatile CamelRequestHandlerMapping mapping;

    /** @param timeoutMillis how long a request may run (spring.mvc.async.request-timeout, as before; 0 or less: no limit) */
    public DirectDispatch(GatewayPaths paths, ObjectProvider<CamelRequestHandlerMapping> mappings, long timeoutMillis) {
        this.paths = paths;
        this.mappings = mappings;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse response
                && request.getDispatcherType() == DispatcherType.REQUEST && paths.matches(GatewayPaths.of(request))
                && consumer(request) instanceof SpringBootPlatformHttpConsumer consumer) {
            AsyncContext async = request.startAsync(request, response);
            async.setTimeout(timeoutMillis > 0 ? timeoutMillis : 0);
            AsyncResponse answer = new AsyncResponse(response);
            async.addListener(answer);
            try {
                consumer.service(request, answer).whenComplete((done, failed) -> AsyncResponse.complete(async));
            } catch (RejectedExecutionException full) {
                LOG.warn("No thread left to serve {} {}: answered 503", request.getMethod(), request.getRequestURI());
                answer.sendError(503);
                AsyncResponse.complete(async);
            }
            return;
        }
        chain.doFilter(req, res);
    }

    private Object consumer(HttpServletRequest request) {
        CamelRequestHandlerMapping m = mapping;
        if (m == null) {
            m = mapping = mappings.getObject();
        }
        try {
            HandlerExecutionChain handler = m.getHandler(request);
            // an interceptor (CORS, say) runs only under Spring MVC: such a request stays with it
            return handler != null && handler.getInterceptorList().isEmpty()
                    && handler.getHandler() instanceof HandlerMethod method ? method.getBean() : null;
        } catch (Exception noMatch) {
            // a method the route does not take, say: Spring MVC answers it (405) as it always has
            return null;
        }
    }
}
