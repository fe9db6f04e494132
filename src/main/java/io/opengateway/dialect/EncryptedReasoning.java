package io.opengateway.dialect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opengateway.json.JsonBuffers;
import io.opengateway.model.SignedReasoning;
import io.opengateway.model.ToolCallIds;

/**
 * The {@code encrypted_content} of a Responses {@code reasoning} item the gateway wrote from another
 * provider's reasoning state ({@link SignedReasoning}: Anthropic's signed and redacted thinking,
 * Gemini's thought signatures), so that a client without server-side state ({@code store: false},
 * as Codex runs) carries it to the next turn. The gateway keeps nothing: the value is
 * {@code ogr1.<base64url of a small JSON naming provider, model and the pieces>.<check>}, where the
 * check (16 hex digits of its SHA-256) tells a value that was altered in transit from one that was
 * not. It is opaque to clients, not secret: what matters is verified by the provider that signed
 * it. A value without the prefix is another provider's (OpenAI's own encrypted reasoning).
 */
public final class EncryptedReasoning {

    public static final String PREFIX = "ogr1.";

    private static final ObjectMapper JSON = JsonBuffers.pooled(new ObjectMapper());
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private EncryptedReasoning() {
    }

    /** Whether a value is one the gateway wrote. */
    public static boolean isGateways(String encrypted) {
        return encrypted != null && encrypted.startsWith(PREFIX);
    }

    /** The value for the reasoning state {@code pieces} that model {@code model} of {@code provider} made. */
    public static String encode(String provider, String model, List<SignedReasoning> pieces) {
        ObjectNode root = F.objectNode().put("p", provider).put("m", model);
        ArrayNode list = root.putArray("r");
        for (SignedReasoning s : pieces) {
            ObjectNode n = list.addObject();
            switch (s.kind()) {
                case THINKING -> n.put("k", "thinking").put("t", s.text()).put("s", s.signature());
                case REDACTED_THINKING -> n.put("k", "redacted").put("d", s.data());
                case CALL_SIGNATURE -> n.put("k", "call").put("c", ToolCallIds.portable(s.callId()))
                        .put("s", s.signature());
                default -> throw new IllegalStateException("unknown kind " + s.kind());
            }
        }
        byte[] bytes = root.toString().getBytes(StandardCharsets.UTF_8);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "." + check(bytes);
    }

    /**
     * The reasoning state in a value the gateway wrote, each piece naming its provider and model.
     *
     * @throws IllegalArgumentException when the value has the gateway's prefix but was altered
     */
    public static List<SignedReasoning> decode(String encrypted) {
        String body = encrypted.substring(PREFIX.length());
        int dot = body.lastIndexOf('.');
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(dot < 0 ? "" : body.substring(0, dot));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not the value the gateway wrote");
        }
        if (dot < 0 || bytes.length == 0 || !check(bytes).equals(body.substring(dot + 1))) {
            throw new IllegalArgumentException("not the value the gateway wrote");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not the value the gateway wrote");
        }
        String provider = root.path("p").asText(null);
        String model = root.path("m").asText(null);
        List<SignedReasoning> out = new ArrayList<>();
        for (JsonNode n : root.path("r")) {
            SignedReasoning s = switch (n.path("k").asText("")) {
                case "thinking" -> SignedReasoning.thinking(n.path("t").asText(""), n.path("s").asText(""));
                case "redacted" -> SignedReasoning.redacted(n.path("d").asText(""));
                case "call" -> SignedReasoning.callSignature(n.path("c").asText(""), n.path("s").asText(""));
                default -> throw new IllegalArgumentException("not the value the gateway wrote");
            };
            out.add(s.madeBy(provider, model));
        }
        return out;
    }

    /**
     * A Responses body for OpenAI itself (in place): reasoning items the gateway wrote for another
     * provider are removed (OpenAI could not read them and would refuse the request), and tool call
     * ids the Gemini dialect made go in their portable form.
     */
    public static ObjectNode forOpenAi(ObjectNode body) {
        JsonNode input = body.get("input");
        if (input == null || !input.isArray()) {
            return body;
        }
        ArrayNode items = (ArrayNode) input;
        for (int i = items.size() - 1; i >= 0; i--) {
            JsonNode item = items.get(i);
            if ("reasoning".equals(item.path("type").asText()) && isGateways(item.path("encrypted_content").asText(null))) {
                items.remove(i);
            } else if (item.isObject() && ToolCallIds.carriesSignature(item.path("call_id").asText(null))) {
                ((ObjectNode) item).put("call_id", ToolCallIds.portable(item.get("call_id").asText()));
            }
        }
        return body;
    }

    private static String check(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
