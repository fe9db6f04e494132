package io.opengateway.front.responses;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider dialect refuses what it cannot honour by the neutral request's field names, which are
 * Chat Completions' ({@code reasoning_effort}, {@code messages[3]}); a Responses client sent other
 * fields and must read the ones it sent: each neutral name as the Responses field it came from,
 * a message by its place in {@code input}.
 */
final class ResponsesFieldNames {

    private static final Map<String, String> SENT_AS = Map.of(
            "reasoning_effort", "reasoning.effort",
            "response_format.json_schema.schema", "text.format.schema",
            "response_format", "text.format",
            "max_completion_tokens", "max_output_tokens",
            "max_tokens", "max_output_tokens");
    private static final Pattern MESSAGE = Pattern.compile("messages\\[(\\d+)\\]");

    private ResponsesFieldNames() {
    }

    /** A field name or a message in the names the client sent; null stays null. */
    static String rename(String text, List<String> paths) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Map.Entry<String, String> e : SENT_AS.entrySet()) {
            out = out.replaceAll("(?<![\\w.])" + Pattern.quote(e.getKey()) + "(?![\\w])", Matcher.quoteReplacement(e.getValue()));
        }
        if (paths == null) {
            return out;
        }
        Matcher m = MESSAGE.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(i < paths.size() ? paths.get(i) : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
