package io.opengateway.front.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.opengateway.model.ChatRequest;
import io.opengateway.model.ContentPart;
import io.opengateway.model.Message;
import io.opengateway.model.Tool;
import io.opengateway.model.ToolCall;
import io.opengateway.catalog.CatalogEntry;
import io.opengateway.routing.ProviderRouteCheck;
import io.opengateway.routing.RequestContext;

/**
 * {@code count_tokens} for models of OpenAI's dialect, which has no counting endpoint: the
 * request's text counted with the model's own tokenizer (o200k_base for the GPT-4o, 4.1, 5 and o
 * families, cl100k_base before them), plus OpenAI's fixed framing per message (3 tokens, and 3
 * that prime the reply; github.com/openai/openai-cookbook "How to count tokens with tiktoken").
 * Tool definitions count as their JSON. Models of other dialects ask their provider.
 */
@Component("messagesTokenCounter")
public class MessagesTokenCounter {

    private static final int PER_MESSAGE = 3;
    private static final int REPLY_PRIMING = 3;

    private final ProviderRouteCheck routes;
    private final MessagesFront front;
    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

    public MessagesTokenCounter(ProviderRouteCheck routes, MessagesFront front) {
        this.routes = routes;
        this.front = front;
    }

    /** Counts here when the first model speaks OpenAI's dialect; otherwise leaves the body empty. */
    public void countLocally(Exchange exchange) {
        RequestContext ctx = RequestContext.of(exchange);
        CatalogEntry first = ctx.request().plan().get(0);
        if (!"openai".equals(routes.dialect(first.provider()))) {
            return;
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(front.tokenCount(count(ctx.request().chat(), encoding(first.upstreamModel()))));
    }

    Encoding encoding(String model) {
        return registry.getEncodingForModel(model)
                .orElseGet(() -> registry.getEncoding(model.startsWith("gpt-3") || model.startsWith("gpt-4-")
                        || model.equals("gpt-4") ? EncodingType.CL100K_BASE : EncodingType.O200K_BASE));
    }

    static long count(ChatRequest req, Encoding enc) {
        long n = REPLY_PRIMING;
        for (Message m : req.messages()) {
            n += PER_MESSAGE + enc.countTokens(m.role().wire());
            if (m.content() != null) {
                for (ContentPart p : m.content()) {
                    if (p.isText() && p.text() != null) {
                        n += enc.countTokens(p.text());
                    }
                }
            }
            if (m.reasoningContent() != null) {
                n += enc.countTokens(m.reasoningContent());
            }
            for (ToolCall c : m.toolCalls()) {
                n += enc.countTokens(c.name()) + enc.countTokens(c.arguments());
            }
        }
        for (Tool t : req.tools()) {
            n += enc.countTokens(t.name());
            if (t.description() != null) {
                n += enc.countTokens(t.description());
            }
            JsonNode schema = t.parameters();
            if (schema != null) {
                n += enc.countTokens(schema.toString());
            }
        }
        return n;
    }
}
