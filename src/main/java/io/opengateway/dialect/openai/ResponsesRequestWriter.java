package io.opengateway.dialect.openai;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.error.GatewayException;

/**
 * A Chat Completions body (validated, the reasoning rules already applied) as a Responses API
 * body, for the models that take function tools with reasoning only there
 * (developers.openai.com/api/reference/resources/responses/methods/create). Messages keep their
 * order and roles (system and developer messages stay input messages rather than move to
 * {@code instructions}); text and image parts become {@code input_text} / {@code input_image};
 * an assistant's tool calls become {@code function_call} items and tool messages
 * {@code function_call_output} items, paired by {@code call_id}. Tools go flat
 * ({@code name}, {@code description}, {@code parameters}, {@code strict}), {@code response_format}
 * becomes {@code text.format}, {@code reasoning_effort} {@code reasoning.effort}, the token limit
 * {@code max_output_tokens}. {@code store} is false unless the client asked for true: the gateway
 * keeps no response ids. {@code user} stays {@code user} (still accepted there, deprecated in favour
 * of {@code safety_identifier} and {@code prompt_cache_key}, which pass on as they are, since the
 * gateway cannot tell which of the two a client meant). Fields Responses has no counterpart for are
 * refused by name rather than dropped, as leaving them out changes the answer.
 */
final class ResponsesRequestWriter {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Fields with the same name and meaning on both APIs. */
    private static final List<String> SAME = List.of("model", "stream", "parallel_tool_calls", "metadata", "user",
            "safety_identifier", "prompt_cache_key", "prompt_cache_retention", "service_tier", "top_logprobs",
            "temperature", "top_p", "truncation");
    /** Chat-only fields whose absence changes the answer: a 400 naming them. */
    private static final Set<String> NO_COUNTERPART = Set.of("stop", "logit_bias", "audio", "modalities",
            "prediction", "web_search_options", "functions", "function_call", "presence_penalty",
            "frequency_penalty", "seed");

    private ResponsesRequestWriter() {
    }

    static ObjectNode fromChat(ObjectNode chat, String provider) {
        for (String f : NO_COUNTERPART) {
            if (chat.hasNonNull(f)) {
                throw refused(f, provider);
            }
        }
        if (chat.path("n").asInt(1) > 1) {
            throw refused("n", provider);
        }
        ObjectNode out = F.objectNode();
        for (String f : SAME) {
            if (chat.has(f)) {
                out.set(f, chat.get(f));
            }
        }
        out.set("input", input(chat.path("messages"), provider));
        if (chat.has("tools")) {
            out.set("tools", tools(chat.get("tools")));
        }
        if (chat.hasNonNull("tool_choice")) {
            out.set("tool_choice", toolChoice(chat.get("tool_choice")));
        }
        text(chat, out);
        if (chat.hasNonNull("reasoning_effort")) {
            out.putObject("reasoning").put("effort", chat.get("reasoning_effort").asText());
        }
        JsonNode max = chat.hasNonNull("max_completion_tokens") ? chat.get("max_completion_tokens")
                : chat.get("max_tokens");
        if (max != null && !max.isNull()) {
            out.set("max_output_tokens", max);
        }
        if (chat.path("logprobs").asBoolean(false)) {
            out.putArray("include").add("message.output_text.logprobs");
        }
        out.put("store", chat.path("store").asBoolean(false));
        JsonNode obfuscation = chat.path("stream_options").get("include_obfuscation");
        if (obfuscation != null && obfuscation.isBoolean()) {
            out.putObject("stream_options").set("include_obfuscation", obfuscation);
        }
        return out;
    }

    private static ArrayNode input(JsonNode messages, String provider) {
        ArrayNode input = F.arrayNode();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String at = "messages[" + i + "]";
            String role = m.path("role").asText();
            switch (role) {
                case "tool" -> input.addObject().put("type", "function_call_output")
                        .put("call_id", m.path("tool_call_id").asText())
                        .put("output", text(m.get("content"), at, provider));
                case "assistant" -> {
                    String text = m.hasNonNull("content") ? text(m.get("content"), at, provider) : "";
                    if (!text.isEmpty()) {
                        input.addObject().put("role", "assistant").put("content", text);
                    }
                    for (JsonNode call : m.path("tool_calls")) {
                        input.addObject().put("type", "function_call")
                                .put("call_id", call.path("id").asText())
                                .put("name", call.path("function").path("name").asText())
                                .put("arguments", call.path("function").path("arguments").asText(""));
                    }
                }
                default -> {
                    ObjectNode msg = input.addObject().put("role", role);
                    JsonNode content = m.get("content");
                    if (content.isTextual()) {
                        msg.set("content", content);
                    } else {
                        msg.set("content", parts(content, at, provider));
                    }
                }
            }
        }
        return input;
    }

    private static ArrayNode parts(JsonNode content, String at, String provider) {
        ArrayNode out = F.arrayNode();
        for (int j = 0; j < content.size(); j++) {
            JsonNode p = content.get(j);
            switch (p.path("type").asText()) {
                case "text" -> out.addObject().put("type", "input_text").put("text", p.path("text").asText());
                case "image_url" -> {
                    JsonNode img = p.get("image_url");
                    ObjectNode part = out.addObject().put("type", "input_image")
                            .put("image_url", img.isTextual() ? img.asText() : img.path("url").asText());
                    part.put("detail", img.path("detail").asText("auto"));
                }
                case "file" -> {
                    ObjectNode part = out.addObject().put("type", "input_file");
                    p.path("file").fields().forEachRemaining(e -> part.set(e.getKey(), e.getValue()));
                }
                default -> throw GatewayException.unsupported(at + ".content[" + j + "]", provider, "'" + at
                        + ".content[" + j + "]' is a '" + p.path("type").asText() + "' part, which the Responses "
                        + "API (used for this model's tools with reasoning) does not take");
            }
        }
        return out;
    }

    /** The text of a message whose content may only be text (assistant turns, tool results). */
    private static String text(JsonNode content, String at, String provider) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode p = content.get(j);
            if (!p.path("type").asText().equals("text")) {
                throw GatewayException.unsupported(at + ".content[" + j + "]", provider, "'" + at + ".content[" + j
                        + "]' is a '" + p.path("type").asText() + "' part; only text can go here");
            }
            sb.append(p.path("text").asText());
        }
        return sb.toString();
    }

    private static ArrayNode tools(JsonNode chatTools) {
        ArrayNode out = F.arrayNode();
        for (JsonNode t : chatTools) {
            JsonNode fn = t.path("function");
            ObjectNode tool = out.addObject().put("type", "function");
            tool.set("name", fn.get("name"));
            for (String f : List.of("description", "parameters", "strict")) {
                if (fn.has(f)) {
                    tool.set(f, fn.get(f));
                }
            }
        }
        return out;
    }

    private static JsonNode toolChoice(JsonNode choice) {
        if (choice.isTextual()) {
            return choice;
        }
        return F.objectNode().put("type", "function").put("name", choice.path("function").path("name").asText());
    }

    /** {@code response_format} and {@code verbosity} as {@code text.format} and {@code text.verbosity}. */
    private static void text(JsonNode chat, ObjectNode out) {
        JsonNode rf = chat.get("response_format");
        ObjectNode text = F.objectNode();
        if (rf != null && rf.isObject()) {
            String type = rf.path("type").asText("text");
            ObjectNode format = text.putObject("format").put("type", type);
            if (type.equals("json_schema")) {
                rf.path("json_schema").fields().forEachRemaining(e -> format.set(e.getKey(), e.getValue()));
            }
        }
        if (chat.hasNonNull("verbosity")) {
            text.set("verbosity", chat.get("verbosity"));
        }
        if (!text.isEmpty()) {
            out.set("text", text);
        }
    }

    private static GatewayException refused(String field, String provider) {
        return GatewayException.unsupported(field, provider, "'" + field + "' has no counterpart in the Responses "
                + "API, which this model needs for function tools with reasoning; leave it out or set "
                + "'reasoning_effort' to 'none' where the model accepts it");
    }
}
