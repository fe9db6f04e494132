package io.opengateway.spend;

import java.math.BigDecimal;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.opengateway.billing.CostCalculator;
import io.opengateway.billing.Pricer;
import io.opengateway.billing.UsageEvent;
import io.opengateway.billing.UsageEvents;
import io.opengateway.model.Usage;
import io.opengateway.routing.AnswerCost;
import io.opengateway.routing.Endpoint;
import io.opengateway.routing.RequestContext;

/**
 * The two route steps of spend control, plain processors as they run for every model request.
 * {@code spendAdmission} is the first step of the {@code attempts} route, the one way to a provider
 * for every billed endpoint (chat completions, responses, messages), so no front end can skip it;
 * {@code count_tokens} costs nothing and is let through. {@code spendSettlement} runs in the
 * {@code billed} route configuration's completion, after the usage event is taken.
 */
@Configuration(proxyBeanMethods = false)
public class SpendSteps {

    private static final Logger LOG = LoggerFactory.getLogger(SpendSteps.class);
    static final String HOLD = "opengatewaySpendHold";

    @Bean("spendAdmission")
    public org.apache.camel.Processor spendAdmission(SpendControl control, UsageEvents usage, Pricer pricer) {
        // the answer's cost is its record's: the same event, priced by the same pricer
        AnswerCost answerCost = new AnswerCost() {
            @Override
            public Cost of(RequestContext ctx) {
                return ctx.attempt().servedTarget() == null || !usage.reachedProvider(ctx) ? null
                        : cost(pricer.price(usage.capture(ctx)).cost());
            }

            @Override
            public BigDecimal keySpend(RequestContext ctx, Cost cost) {
                return control.monthToDate(ctx.request().apiKey().id()).add(cost.total());
            }
        };
        return exchange -> {
            RequestContext ctx = RequestContext.of(exchange);
            if (ctx.request().endpoint() == Endpoint.COUNT_TOKENS || ctx.request().apiKey() == null
                    || exchange.getProperty(HOLD) != null) {
                return;
            }
            ctx.attempt().answerCost(answerCost);
            SpendControl.Hold hold = control.admit(ctx);
            if (hold != null) {
                exchange.setProperty(HOLD, hold);
            }
        };
    }

    @Bean("spendSettlement")
    public org.apache.camel.Processor spendSettlement(SpendControl control, Pricer pricer) {
        return exchange -> {
            SpendControl.Hold hold = exchange.getProperty(HOLD, SpendControl.Hold.class);
            if (hold == null) {
                return;
            }
            UsageEvent event = exchange.getMessage().getBody(UsageEvent.class);
            BigDecimal cost = null;
            try {
                cost = event == null ? null : pricer.price(event).cost().total();
            } catch (RuntimeException e) {
                LOG.warn("Spend control: request {} could not be priced; its worst case stays held until its deadline",
                        hold.requestId(), e);
                return;
            }
            control.settle(hold, event == null ? 0 : tokens(event), cost);
        };
    }

    private static AnswerCost.Cost cost(CostCalculator.Cost c) {
        return new AnswerCost.Cost(c.providerCost(), c.platformFee(), c.total());
    }

    /** Prompt and completion tokens as the providers reported them, failed attempts included. */
    static long tokens(UsageEvent e) {
        long n = tokens(e.usage());
        for (UsageEvent.AttemptLine a : e.failedAttempts()) {
            n += tokens(a.usage());
        }
        return n;
    }

    private static long tokens(Usage u) {
        return u == null ? 0 : u.promptTokens() + u.completionTokens();
    }
}
