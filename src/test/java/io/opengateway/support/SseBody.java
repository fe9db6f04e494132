package io.opengateway.support;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a streamed Chat Completions answer as the client got it. */
public final class SseBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SseBody() {
    }

    /** The {@code data:} payload of every event, in order ({@code [DONE]} included). */
    public static List<String> data(String body) {
        List<String> out = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            for (String line : event.split("\n")) {
                if (line.startsWith("data: ")) {
                    out.add(line.substring(6));
                }
            }
        }
        return out;
    }

    /** The text of every content delta, joined. */
    public static String text(String body) {
        StringBuilder out = new StringBuilder();
        for (String d : data(body)) {
            for (JsonNode c : parse(d).path("choices")) {
                out.append(c.path("delta").path("content").asText(""));
            }
        }
        return out.toString();
    }

    /** The last event's JSON: the {@code {"error": …}} event of a stream that failed after it began. */
    public static JsonNode last(String body) {
        List<String> d = data(body);
        return parse(d.get(d.size() - 1));
    }

    private static JsonNode parse(String data) {
        if (data.equals("[DONE]")) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(data);
        } catch (Exception e) {
            throw new IllegalStateException("an event that is not JSON: " + data, e);
        }
    }
}
