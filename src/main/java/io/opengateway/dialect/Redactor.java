package io.opengateway.dialect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Component;

import io.opengateway.config.GatewayProperties;

/** Removes the gateway's own provider keys from any text it passes on (an upstream error may quote them). */
@Component
public class Redactor {

    static final String MASK = "[redacted]";

    private final List<String> secrets;

    public Redactor(GatewayProperties properties) {
        List<String> keys = new ArrayList<>();
        properties.providers().values().forEach(p -> {
            if (p.hasApiKey() && p.apiKey().length() >= 6) {
                keys.add(p.apiKey());
            }
        });
        keys.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(keys);
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }
}
