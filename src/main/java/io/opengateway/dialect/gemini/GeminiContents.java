package io.opengateway.dialect.gemini;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.error.GatewayException;
import io.opengateway.json.JsonBuffers;
import io.opengateway.model.ContentPart;
import io.opengateway.model.Message;
import io.opengateway.model.Role;
import io.opengateway.model.SignedReasoning;
import io.opengateway.model.ToolCall;
import io.opengateway.model.ToolCallIds;

/**
 * Chat messages as Gemini {@code contents}: instructions go to {@code systemInstruction}, the
 * assistant is role {@code model}, tool results are {@code functionResponse} parts of a user turn
 * (with the id and the function name of the call they answer; a function call goes back with
 * its id, so the two pair up), and consecutive turns of one role are merged
 * (so all results of one step share one content). An earlier turn's {@code reasoning_content} is
 * not sent: Gemini takes no thought text back, its thought signatures carry the reasoning.
 */
final class GeminiContents {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    // strict: "14 degrees" is text, not the number 14 followed by noise
    private static final ObjectMapper JSON = JsonBuffers.pooled(new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
    private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "webp", "image/webp", "heic", "image/heic", "heif", "image/heif");

    private GeminiContents() {
    }

    /**
     * {@code contents} and, when there are instructions, {@code systemInstruction}, set on {@code body},
     * for the catalog model {@code model} (whose own thought signatures alone go back).
     */
    static void write(List<Message> messages, String model, boolean placeholderSignatures, ObjectNode body) {
        ArrayNode system = F.arrayNode();
        ArrayNode contents = F.arrayNode();
        Map<String, String> callNames = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            String at = "messages[" + i + "]";
            if (m.role().isInstruction()) {
                String text = textOnly(m, at);
                if (!text.isEmpty()) {
                    system.addObject().put("text", text);
                }
                continue;
            }
            ArrayNode parts = switch (m.role()) {
                case USER -> userParts(m, at);
                case ASSISTANT -> modelParts(m, at, callNames, model, placeholderSignatures);
                default -> toolParts(m, at, callNames);
            };
            if (!parts.isEmpty()) {
                add(contents, m.role() == Role.ASSISTANT ? "model" : "user", parts);
            }
        }
        if (contents.isEmpty() && !system.isEmpty()) {
            // Gemini needs at least one turn; a request of instructions alone is one user turn
            add(contents, "user", system);
        } else if (!system.isEmpty()) {
            body.putObject("systemInstruction").set("parts", system);
        }
        body.set("contents", contents);
    }

    private static void add(ArrayNode contents, String role, ArrayNode parts) {
        JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.get("parts")).addAll(parts);
        } else {
            ObjectNode c = contents.addObject();
            c.put("role", role);
            c.set("parts", parts);
        }
    }

    private static ArrayNode userParts(Message m, String at) {
        ArrayNode parts = F.arrayNode();
        List<ContentPart> content = m.content() == null ? List.of() : m.content();
        for (int j = 0; j < content.size(); j++) {
            ContentPart p = content.get(j);
            String pat = at + ".content[" + j + "]";
            switch (p.type()) {
                case TEXT -> {
                    if (!p.text().isEmpty()) {
                        parts.addObject().put("text", p.text());
                    }
                }
                case IMAGE_URL -> parts.add(image(p.imageUrl(), pat + ".image_url.url"));
                default -> throw unsupportedPart(p, pat);
            }
        }
        return parts;
    }

    private static ArrayNode modelParts(Message m, String at, Map<String, String> callNames, String model,
            boolean placeholder) {
        ArrayNode parts = F.arrayNode();
        String text = textOnly(m, at);
        if (!text.isEmpty()) {
            parts.addObject().put("text", text);
        }
        JsonNode rawCalls = m.raw() == null ? null : m.raw().get("tool_calls");
        for (int j = 0; j < m.toolCalls().size(); j++) {
            ToolCall tc = m.toolCalls().get(j);
            callNames.put(tc.id(), tc.name());
            ObjectNode part = parts.addObject();
            ObjectNode call = part.putObject("functionCall");
            call.put("id", ToolCallIds.portable(tc.id()));
            call.put("name", tc.name());
            call.set("args", arguments(tc.arguments(), at + ".tool_calls[" + j + "].function.arguments"));
            String sig = signed(m, tc.id(), model);
            if (sig == null) {
                sig = ThoughtSignatures.fromToolCall(rawCalls == null ? null : rawCalls.get(j), tc.id(), model);
            }
            if (sig == null && j == 0 && placeholder) {
                sig = ThoughtSignatures.PLACEHOLDER;
            }
            if (sig != null) {
                part.put("thoughtSignature", sig);
            }
        }
        return parts;
    }

    /**
     * The signature a turn carries back in neutral form for call {@code id} (a Responses client's
     * reasoning item), when this very model made it; null otherwise.
     */
    private static String signed(Message m, String id, String model) {
        for (SignedReasoning s : m.signed()) {
            if (s.kind() == SignedReasoning.Kind.CALL_SIGNATURE && model.equals(s.model())
                    && ToolCallIds.portable(id).equals(ToolCallIds.portable(s.callId()))) {
                return s.signature();
            }
        }
        return null;
    }

    private static ArrayNode toolParts(Message m, String at, Map<String, String> callNames) {
        String name = callNames.get(m.toolCallId());
        if (name == null) {
            throw GatewayException.badRequest(at + ".tool_call_id", "'" + at + ".tool_call_id' ('" + m.toolCallId()
                    + "') answers no tool call of an earlier assistant message; Gemini needs the function's name.");
        }
        // the call's id and name: name is required, id pairs the result with its call
        // (ai.google.dev/api/caching#FunctionResponse)
        ObjectNode fr = F.objectNode();
        fr.put("id", ToolCallIds.portable(m.toolCallId()));
        fr.put("name", name);
        // Gemini's convention: "output" for a result, "error" for a failure
        // (ai.google.dev/api/caching#FunctionResponse)
        fr.set("response", m.toolError() ? F.objectNode().put("error", textOnly(m, at)) : response(textOnly(m, at)));
        ArrayNode parts = F.arrayNode();
        parts.addObject().set("functionResponse", fr);
        return parts;
    }

    /** A tool's result: a JSON object as it is, anything else under "output" (Gemini wants an object). */
    private static ObjectNode response(String text) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(text);
        } catch (IOException e) {
            parsed = null;
        }
        if (parsed != null && parsed.isObject()) {
            return (ObjectNode) parsed;
        }
        ObjectNode wrapped = F.objectNode();
        wrapped.set("output", parsed != null && !parsed.isMissingNode() ? parsed : F.textNode(text));
        return wrapped;
    }

    private static ObjectNode arguments(String args, String param) {
        if (args == null || args.isBlank()) {
            return F.objectNode();
        }
        try {
            JsonNode n = JSON.readTree(args);
            if (n != null && n.isObject()) {
                return (ObjectNode) n;
            }
        } catch (IOException e) {
            // the same 400 as below
        }
        throw GatewayException.badRequest(param, "'" + param + "' must be a JSON object in a string.");
    }

    /**
     * {@code data:} URLs go inline; https URLs as file data, which Gemini fetches itself (public and
     * signed URLs). Their type is named when the path ends in a known image extension; otherwise it is
     * left out (optional in the API) and Gemini takes it from what it fetched. Anything else is a 400.
     */
    static ObjectNode image(String url, String param) {
        ObjectNode part = F.objectNode();
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = url.indexOf(',');
            String meta = comma < 0 ? "" : url.substring(5, comma);
            if (comma < 0 || !meta.toLowerCase(Locale.ROOT).endsWith(";base64") || meta.indexOf('/') < 0) {
                throw GatewayException.badRequest(param, "'" + param
                        + "' must be a base64 data URL: data:<mime type>;base64,<data>.");
            }
            ObjectNode inline = part.putObject("inlineData");
            inline.put("mimeType", meta.substring(0, meta.length() - 7));
            inline.put("data", url.substring(comma + 1));
            return part;
        }
        if (!url.regionMatches(true, 0, "https://", 0, 8)) {
            throw GatewayException.unsupported(param, "google", "'" + param
                    + "' must be a data: URL or an https:// URL that Gemini can fetch");
        }
        String path = url.replaceFirst("[?#].*$", "");
        String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String mime = path.lastIndexOf('/') < path.lastIndexOf('.') ? IMAGE_TYPES.get(ext) : null;
        ObjectNode file = part.putObject("fileData");
        if (mime != null) {
            file.put("mimeType", mime);
        }
        file.put("fileUri", url);
        return part;
    }

    /** The text of a message that may hold text only here (instructions, assistant turns, tool results). */
    private static String textOnly(Message m, String at) {
        if (m.content() != null) {
            for (int j = 0; j < m.content().size(); j++) {
                if (!m.content().get(j).isText()) {
                    throw unsupportedPart(m.content().get(j), at + ".content[" + j + "]");
                }
            }
        }
        String text = m.text();
        return text == null ? "" : text;
    }

    private static GatewayException unsupportedPart(ContentPart p, String at) {
        return GatewayException.unsupported(at, "google", "'" + at + "' is a '" + p.wireType()
                + "' part; the gateway sends Gemini text and image_url parts only");
    }
}
