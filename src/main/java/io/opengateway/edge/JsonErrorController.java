package io.opengateway.edge;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors raised by the servlet layer (no such path, wrong method) in OpenAI's error shape too. */
@RestController
public class JsonErrorController implements ErrorController {

    @RequestMapping("/error")
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        String message = switch (status) {
            case 404 -> "Unknown path '" + path + "'. The gateway serves /v1/chat/completions, /v1/responses, /v1/models and /v1/usage.";
            case 405 -> "Method not allowed on '" + path + "'.";
            default -> HttpStatus.resolve(status) == null ? "Error " + status
                    : HttpStatus.valueOf(status).getReasonPhrase() + ".";
        };
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("message", message);
        error.put("type", status >= 500 ? "server_error" : "invalid_request_error");
        error.put("param", null);
        error.put("code", status == 404 ? "not_found" : status == 405 ? "method_not_allowed" : null);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", error));
    }
}
