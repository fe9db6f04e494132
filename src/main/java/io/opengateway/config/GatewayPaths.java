package io.opengateway.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * The HTTP paths the gateway's own routes serve (set by config.GatewayRoutes once it has loaded
 * them, e.g. {@code /v1/models/{id}}). What the servlet layer does for the gateway (the inbound
 * checks, errors in OpenAI's shape) it does on these paths only, so an application that embeds the
 * gateway keeps its own endpoints under {@code /v1} or {@code /admin} to itself.
 */
@Component
public class GatewayPaths {

    private volatile List<Pattern> patterns = List.of();

    /** Path templates as in the routes' {@code platform-http:} URIs; {@code {name}} is one path segment. */
    public void set(Collection<String> templates) {
        List<Pattern> out = new ArrayList<>();
        for (String t : templates) {
            String[] literals = t.split("\\{[^}/]*}", -1);
            StringBuilder regex = new StringBuilder(Pattern.quote(literals[0]));
            for (int i = 1; i < literals.length; i++) {
                regex.append("[^/]+").append(Pattern.quote(literals[i]));
            }
            out.add(Pattern.compile(regex.toString()));
        }
        patterns = List.copyOf(out);
    }

    public boolean matches(String path) {
        for (Pattern p : patterns) {
            if (p.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The request's path within the web application, as the routes see it. */
    public static String of(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
