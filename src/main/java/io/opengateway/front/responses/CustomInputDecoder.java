package io.opengateway.front.responses;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a custom tool's one argument as its JSON arguments stream in
 * ({@code {"input": "…"}} in fragments), decoded as far as it has arrived, so each fragment goes
 * out as an input delta at once. An escape split between fragments waits for its end.
 */
final class CustomInputDecoder {

    private static final Pattern START = Pattern.compile("\"" + ResponsesTools.INPUT + "\"\\s*:\\s*\"");

    private final StringBuilder raw = new StringBuilder();
    private int pos = -1;
    private boolean ended;

    /** Takes a fragment of the arguments; returns the input text it completes (possibly empty). */
    String feed(String fragment) {
        raw.append(fragment);
        if (pos < 0) {
            Matcher m = START.matcher(raw);
            if (!m.find()) {
                return "";
            }
            pos = m.end();
        }
        StringBuilder out = new StringBuilder();
        while (!ended && pos < raw.length()) {
            char c = raw.charAt(pos);
            if (c == '"') {
                ended = true;
            } else if (c != '\\') {
                out.append(c);
                pos++;
            } else {
                if (pos + 1 >= raw.length()) {
                    break;
                }
                char e = raw.charAt(pos + 1);
                if (e == 'u') {
                    if (pos + 6 > raw.length()) {
                        break;
                    }
                    try {
                        out.append((char) Integer.parseInt(raw.substring(pos + 2, pos + 6), 16));
                    } catch (NumberFormatException bad) {
                        out.append(raw, pos, pos + 6); // not JSON; the done event carries the arguments as written
                    }
                    pos += 6;
                    continue;
                }
                out.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> e;
                });
                pos += 2;
            }
        }
        return out.toString();
    }

    /** All the arguments as they came. */
    String arguments() {
        return raw.toString();
    }
}
