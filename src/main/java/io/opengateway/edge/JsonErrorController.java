package io.opengateway.edge;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page of the standalone gateway (no such path, say) in OpenAI's error shape, with an
 * x-request-id like every answer. Only when the gateway is the application
 * ({@code opengateway.standalone}): embedded, the application's error page stays its own, and the
 * gateway's paths answer their servlet errors themselves ({@link ServletErrors}). A request the gateway
 * refused but that the container answers (a body cut off mid-read) says what the gateway left for it.
 */
@RestController
@ConditionalOnProperty(name = "opengateway.standalone", havingValue = "true")
public class JsonErrorController implements ErrorController {

    @RequestMapping("/error")
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request, HttpServletResponse response) {
        Object statusCode = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusCode instanceof Integer i ? i : 500;
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        ServletErrors.Explained explained = ServletErrors.explained(request);
        String message = explained != null ? explained.message() : ServletErrors.message(status, request.getMethod(), path);
        String code = explained != null ? explained.code() : ServletErrors.code(status);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (!response.containsHeader(RequestIds.HEADER)) {
            answer.header(RequestIds.HEADER, RequestIds.of(request));
        }
        if (ServletErrors.anthropicShaped(path)) {
            // Anthropic's clients read Anthropic's error shape, as ServletErrors writes it on these paths
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("type", ServletErrors.anthropicType(status, code, message));
            error.put("message", message);
            return answer.header("request-id", RequestIds.of(request)).body(Map.of("type", "error", "error", error));
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", ServletErrors.type(status));
        error.put("param", null);
        error.put("code", code);
        return answer.body(Map.of("error", error));
    }
}
