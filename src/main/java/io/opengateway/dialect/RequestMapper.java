package io.opengateway.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpMethods;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.model.ChatRequest;
import io.opengateway.error.GatewayException;
import io.opengateway.error.UpstreamException;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.NativeRequest;
import io.opengateway.routing.RequestContext;

/**
 * The step of a provider route that builds the upstream request. It starts from a message with no
 * headers at all: nothing of the client's request (its gateway key above all) or of an earlier
 * attempt goes upstream. The provider key goes in a header, never in the endpoint URI.
 */
public abstract class RequestMapper implements Processor {

    private DroppedParams droppedParams = new DroppedParams(DroppedParams.Policy.DROP);

    @org.springframework.beans.factory.annotation.Autowired(required = false)
    public void setDroppedParams(DroppedParams droppedParams) {
        this.droppedParams = droppedParams;
    }

    /**
     * The sampling parameters this dialect sends when a model takes them (Chat Completions names): the
     * ones {@link DroppedParams} leaves out for a model that refuses them. One the dialect has no
     * counterpart for keeps the dialect's own rule.
     */
    protected Set<String> samplingParams() {
        return DroppedParams.ALL_SAMPLING;
    }

    /** Whether the model refuses sampling parameters for this request: its catalog flag, unless the dialect knows more. */
    protected boolean refusesSampling(ChatRequest req, CatalogEntry model) {
        return model.has("sampling_refused");
    }

    /** Builds the call for the current attempt's model. */
    protected abstract UpstreamCall build(RequestContext ctx, ModelTarget target);

    /**
     * Whether this dialect takes the request's native body as it came (the same dialect in front):
     * then nothing needs translating and nothing is refused.
     */
    protected boolean passesThrough(RequestContext ctx) {
        return false;
    }

    /** Whether this dialect can have its provider search the web for the model ({@link ChatRequest#webSearch()}). */
    protected boolean takesWebSearch(ChatRequest req, CatalogEntry model) {
        return false;
    }

    /**
     * Whether this dialect can forbid parallel tool calls ({@code parallel_tool_calls: false}). One
     * that cannot refuses the field on Chat Completions and Messages; on the Responses API, where
     * Codex sends it with every request, it is left out under the dropped-parameters policy.
     */
    protected boolean forbidsParallelToolCalls(CatalogEntry model) {
        return true;
    }

    @Override
    public void process(Exchange exchange) {
        RequestContext ctx = RequestContext.of(exchange);
        NativeRequest sent = ctx.request().nativeRequest();
        boolean passThrough = passesThrough(ctx);
        if (sent != null && !sent.untranslatable().isEmpty() && !passThrough) {
            String field = sent.untranslatable().get(0);
            throw GatewayException.unsupported(field.split(" ", 2)[0], ctx.attempt().target().provider(), field
                    + " has no counterpart on this provider; send it to an " + sent.dialect() + "/* model");
        }
        if (ctx.request().chat() != null && !passThrough) {
            CatalogEntry model = ctx.attempt().target().model();
            DroppedParams.Result r = droppedParams.apply(ctx.request().chat(), model, samplingParams(),
                    refusesSampling(ctx.request().chat(), model));
            List<String> leftOut = new ArrayList<>(sent == null ? List.of() : sent.droppable());
            if (r.request().webSearch() != null && !takesWebSearch(r.request(), model)) {
                leftOut.add("web_search");
                r = new DroppedParams.Result(r.request().withoutWebSearch(), r.dropped());
            }
            if (sent != null && "openai".equals(sent.dialect()) && Boolean.FALSE.equals(r.request().parallelToolCalls())
                    && !forbidsParallelToolCalls(model)) {
                // Codex sends parallel_tool_calls: false on every Responses request: a hint there
                leftOut.add("parallel_tool_calls");
                r = new DroppedParams.Result(r.request().withoutParallelToolCalls(), r.dropped());
            }
            r = droppedParams.leaveOut(r, leftOut, model);
            ctx.attempt().attempt(r.request(), r.dropped());
        } else {
            ctx.attempt().attempt(ctx.request().chat(), List.of());
        }
        UpstreamCall call = build(ctx, ctx.attempt().target());
        Message msg = exchange.getMessage();
        msg.removeHeaders("*");
        // the enum, not "POST": camel-http would look up a String-to-HttpMethods converter per request
        msg.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        msg.setHeader(Exchange.HTTP_PATH, call.path());
        if (call.query() != null) {
            msg.setHeader(Exchange.HTTP_QUERY, call.query());
        }
        msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        for (Map.Entry<String, String> h : call.headers().entrySet()) {
            msg.setHeader(h.getKey(), h.getValue());
        }
        msg.setBody(call.body());
        ctx.attempt().markUpstreamCall();
    }

    /** The provider's key; a provider configured without one fails this attempt with a clear message. */
    protected static String apiKey(ModelTarget target) {
        if (target.settings() == null || !target.settings().hasApiKey()) {
            throw UpstreamException.badGateway(target.provider(), "provider_not_configured",
                    "Provider '" + target.provider() + "' has no API key: set opengateway.providers."
                            + target.provider() + ".api-key", null);
        }
        return target.settings().apiKey();
    }
}
