package io.opengateway.routing;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.opengateway.config.GatewayProperties;
import io.opengateway.error.AttemptsFailedException;

/**
 * The step at the head of the failover slot: takes the request's next model and names its
 * provider for the dispatch. When the plan is used up it throws the last failure with every
 * attempt listed; that exception is not a failover trigger, so the balancer stops there. A plan of
 * one model, which goes round the balancer, calls it once more after its failure for the same end.
 */
@Component("nextModel")
public class NextModel implements Processor {

    public static final String PROVIDER = "opengatewayProvider";

    private final GatewayProperties properties;

    public NextModel(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    public void process(Exchange exchange) {
        RequestContext ctx = RequestContext.of(exchange);
        ModelTarget target = ctx.attempt().advance(ctx.request().plan(),
                e -> new ModelTarget(e, properties.provider(e.provider()), ctx.attempt().attemptCount() + 1));
        if (target == null) {
            throw new AttemptsFailedException(ctx.attempt().lastFailure(), ctx.attempt().failures());
        }
        exchange.setProperty(PROVIDER, target.provider());
    }
}
