package io.opengateway.ops;

import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.stereotype.Component;

import io.opengateway.model.Usage;
import io.opengateway.routing.ModelTarget;
import io.opengateway.routing.Outcome;
import io.opengateway.routing.RequestContext;

/**
 * One line per model request when it is complete (the {@code observed} route configuration), on
 * the logger {@code io.opengateway.requests}: who, which model served, how it ended, how long it
 * took, the tokens and the attempts. The message is logfmt for plain-text logs; the same fields are
 * key-value pairs, which JSON logs (ECS, logstash) carry as fields of their own. Never a prompt, a
 * completion, a header or a key: the line is built from the request context only. Turn it off with
 * {@code logging.level.io.opengateway.requests=WARN}.
 */
@Component("requestLog")
public class RequestLog implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("io.opengateway.requests");

    @Override
    public void process(Exchange exchange) {
        RequestContext ctx = RequestContext.find(exchange);
        if (ctx == null || !LOG.isInfoEnabled()) {
            return;
        }
        ModelTarget served = ctx.attempt().servedTarget();
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Outcome outcome = ctx.attempt().finalOutcome();
        Usage usage = ctx.attempt().usage() == null || served == null ? Usage.NONE : ctx.attempt().usage();
        long firstByte = ctx.attempt().firstByteNanos();

        StringBuilder line = new StringBuilder(256);
        LoggingEventBuilder event = LOG.atInfo();
        field(event, line, "request_id", ctx.request().requestId());
        field(event, line, "account", ctx.request().apiKey() == null ? null : ctx.request().apiKey().account());
        field(event, line, "key_id", ctx.request().apiKey() == null ? null : ctx.request().apiKey().id());
        field(event, line, "endpoint", ctx.request().endpoint().name().toLowerCase(Locale.ROOT));
        field(event, line, "requested_model", ctx.request().requestedModel());
        field(event, line, "provider", served == null ? null : served.provider());
        field(event, line, "model", served == null ? null : served.model().id());
        field(event, line, "status", status == null ? 200 : status);
        field(event, line, "outcome", outcome.wire());
        field(event, line, "streamed", ctx.attempt().streamed());
        field(event, line, "latency_ms", ctx.request().elapsedNanos() / 1_000_000);
        if (firstByte >= 0) {
            field(event, line, "first_token_ms", firstByte / 1_000_000);
        }
        field(event, line, "prompt_tokens", usage.promptTokens());
        field(event, line, "completion_tokens", usage.completionTokens());
        field(event, line, "cached_tokens", usage.cachedTokens());
        field(event, line, "attempts", ctx.attempt().attemptCount());
        event.setMessage(line.toString()).log();
    }

    private static void field(LoggingEventBuilder event, StringBuilder line, String key, Object value) {
        if (value == null) {
            return;
        }
        event.addKeyValue(key, value);
        if (!line.isEmpty()) {
            line.append(' ');
        }
        line.append(key).append('=');
        String text = value.toString();
        if (plain(text)) {
            line.append(text);
            return;
        }
        // logfmt: a value with spaces, quotes or '=' is quoted, a control character escaped, so
        // the line still splits into its fields and stays one line (an account name is free text)
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"', '\\' -> line.append('\\').append(c);
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> line.append(c < ' ' || c == 0x7f ? '?' : c);
            }
        }
        line.append('"');
    }

    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) {
                return false;
            }
        }
        return !text.isEmpty();
    }
}
