package io.opengateway.model;

import java.util.List;

/**
 * A web search the provider runs itself while answering (OpenAI's {@code web_search} tool,
 * Anthropic's web search server tool, Gemini's Google Search grounding): the domains it may search
 * (empty: any) and the user's approximate location, each part null when not given.
 */
public record WebSearch(List<String> allowedDomains, String city, String region, String country, String timezone) {

    public WebSearch {
        allowedDomains = allowedDomains == null ? List.of() : List.copyOf(allowedDomains);
    }

    public boolean hasLocation() {
        return city != null || region != null || country != null || timezone != null;
    }
}
