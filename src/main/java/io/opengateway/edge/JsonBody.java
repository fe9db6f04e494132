package io.opengateway.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import io.opengateway.config.GatewayProperties;
import io.opengateway.json.JsonBuffers;
import io.opengateway.routing.InboundRequest;
import io.opengateway.error.GatewayException;

/**
 * How every public route reads a request body ({@code process: {id: parse-…, ref: gatewayJson}}): a JSON object
 * in UTF-8 (RFC 8259 §8.1), or a 400 that says what is wrong with it, thrown as a
 * {@link GatewayException} so that each route's error handler answers in its endpoint's own shape.
 * Refused: an empty body, a byte order mark, UTF-16 or UTF-32, bytes that are not UTF-8, JSON that
 * does not parse or has more after its value, a key twice in one object, NaN and other non-JSON
 * numbers, nesting deeper than {@code opengateway.limits.max-json-depth}, a top-level value that is
 * not an object, and an escaped UTF-16 surrogate without its pair (not a character, nor sendable as
 * UTF-8). docs/api.md's error table.
 *
 * <p>The mapper is its own: Spring's ObjectMapper (which an embedding application may share) keeps
 * its lenient defaults, and Camel's {@code json} data format would allow 1000 levels of nesting.
 * A processor rather than a data format: Hawtio's route diagram draws no node for an
 * {@code unmarshal} step (its Camel model lists marshal and unmarshal among the data formats, not
 * the EIPs), and every step should be seen there with its counters.
 */
@Component("gatewayJson")
public class JsonBody implements Processor {

    private final ObjectMapper mapper;

    public JsonBody(GatewayProperties properties) {
        mapper = JsonBuffers.pooled(new ObjectMapper());
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(properties.limits().maxJsonDepth())
                .build());
        // a key twice is refused rather than resolved (Jackson keeps the last, other parsers the first)
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** Replaces the message body, as it came, with the JSON object it holds. */
    @Override
    public void process(Exchange exchange) throws IOException {
        byte[] raw = bytes(exchange.getMessage().getBody());
        InboundRequest request = exchange.getProperty(InboundRequest.PROPERTY, InboundRequest.class);
        if (request != null) {
            request.withBodyBytes(raw.length).putOn(exchange);
        }
        exchange.getMessage().setBody(read(raw));
    }

    /** The body as the client sent it: the filter's buffer when there is one, else what Camel holds. */
    static byte[] bytes(Object body) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] b) {
            return b;
        }
        if (body instanceof BufferedBody.Text t) {
            return t.bytes();
        }
        if (body instanceof InputStream in) {
            return in.readAllBytes();
        }
        if (body instanceof Reader r) {
            StringBuilder s = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) >= 0; ) {
                s.append(buf, 0, n);
            }
            return s.toString().getBytes(StandardCharsets.UTF_8);
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A request body: a JSON object, or a 400 naming what is wrong. */
    public JsonNode read(byte[] body) throws IOException {
        checkEncoding(body);
        if (isBlank(body)) {
            throw invalid("The request body is empty: send a JSON object.");
        }
        JsonNode node;
        try (JsonParser p = mapper.getFactory().createParser(body)) {
            node = mapper.readTree(p);
            if (p.nextToken() != null) {
                throw invalid("The request body is not valid JSON" + where(p) + ": there is more after its "
                        + "first value; send one JSON object.");
            }
        } catch (StreamConstraintsException e) {
            throw invalid("The request body is nested too deeply or too large: " + e.getOriginalMessage());
        } catch (JsonParseException e) {
            throw notJson(e);
        } catch (JsonProcessingException e) {
            throw invalid("The request body is not valid JSON" + where(e) + ".");
        }
        if (!node.isObject()) {
            throw invalid("The request body must be a JSON object; this one is " + kind(node) + ".");
        }
        if (mayHaveSurrogateEscape(body)) {
            checkSurrogates(node, "");
        }
        return node;
    }

    /**
     * JSON exchanged between systems is UTF-8 without a byte order mark (RFC 8259 §8.1). UTF-16 and
     * UTF-32 are told by their BOM or, without one, by the zero bytes in the first four (the first two
     * characters of a JSON text are ASCII: RFC 4627 §3).
     */
    private static void checkEncoding(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            throw invalid("The request body starts with a byte order mark (U+FEFF); send UTF-8 JSON without one.");
        }
        boolean utf16Bom = b.length >= 2 && ((b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff
                || (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe);
        boolean zeros = false;
        for (int i = 0; i < Math.min(4, b.length); i++) {
            zeros |= b[i] == 0;
        }
        if (utf16Bom || zeros) {
            throw invalid("The request body must be UTF-8 encoded; it looks like UTF-16 or UTF-32.");
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b);
        try {
            utf8.decode(in);
        } catch (CharacterCodingException e) {
            // decode() leaves the position at the first byte it could not decode
            throw invalid("The request body is not valid UTF-8 (at byte " + in.position()
                    + "); JSON must be sent as UTF-8.");
        }
    }

    private static boolean isBlank(byte[] b) {
        for (byte c : b) {
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    private static GatewayException notJson(JsonParseException e) {
        String original = e.getOriginalMessage();
        // Jackson's wording for STRICT_DUPLICATE_DETECTION: "Duplicate field 'name'"
        if (original != null && original.startsWith("Duplicate field '") && e.getProcessor() != null) {
            String key = original.substring("Duplicate field '".length(), original.length() - 1);
            // the context is the object with the key twice; its parent says where that object is
            String object = param(e.getProcessor().getParsingContext().getParent());
            return GatewayException.badRequest(object.isEmpty() ? key : object + "." + key, "The request body has the key "
                    + GatewayException.quote(key) + " twice in " + (object.isEmpty() ? "its top-level object" : "'" + object + "'") + where(e)
                    + "; send each key once.");
        }
        return invalid("The request body is not valid JSON" + where(e) + ": " + original);
    }

    /** A parsing context as a parameter path: {@code messages[0].role}. */
    static String param(JsonStreamContext ctx) {
        StringBuilder out = new StringBuilder();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            String part = c.inArray() ? "[" + c.getCurrentIndex() + "]"
                    : (c.getParent() != null && !c.getParent().inRoot() ? "." : "") + c.getCurrentName();
            out.insert(0, part);
        }
        return out.toString();
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String where(JsonParser p) {
        var l = p.currentTokenLocation();
        return " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Whether the raw JSON holds an escape in the surrogate range (backslash, u, then d8 to df). */
    private static boolean mayHaveSurrogateEscape(byte[] b) {
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\\' && b[i + 1] == 'u' && (b[i + 2] | 0x20) == 'd') {
                int c = b[i + 3] | 0x20;
                if (c >= '8' && c <= '9' || c >= 'a' && c <= 'f') {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every string and key of the tree is whole Unicode: no surrogate without its pair. */
    private static void checkSurrogates(JsonNode node, String path) {
        if (node.isTextual() && !wholeUnicode(node.textValue())) {
            throw GatewayException.badRequest(path, "'" + path + "' holds an escaped UTF-16 surrogate (\\ud800 to "
                    + "\\udfff) without its pair, which is no character; escape characters outside the Basic "
                    + "Multilingual Plane as a pair, or send them as UTF-8.");
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkSurrogates(node.get(i), path + "[" + i + "]");
            }
        }
        for (var fields = node.fields(); node.isObject() && fields.hasNext(); ) {
            var f = fields.next();
            String at = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
            if (!wholeUnicode(f.getKey())) {
                throw GatewayException.badRequest(null, "A key of the request body holds an escaped UTF-16 "
                        + "surrogate without its pair, which is no character.");
            }
            checkSurrogates(f.getValue(), at);
        }
    }

    private static boolean wholeUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static GatewayException invalid(String message) {
        return GatewayException.badRequest(null, message);
    }
}
