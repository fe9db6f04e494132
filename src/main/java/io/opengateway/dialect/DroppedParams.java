package io.opengateway.dialect;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.opengateway.catalog.CatalogEntry;
import io.opengateway.error.GatewayException;
import io.opengateway.model.ChatRequest;

/**
 * The dropped-parameters policy, one rule for every dialect and both front ends: a sampling
 * parameter the chosen model refuses (catalog capability {@code sampling_refused}: Claude 4.7 and
 * later answer a 400, Gemini 4 ignores them and refuses penalties, OpenAI's reasoning-only models
 * refuse them) is harmless to leave out, and many unmodified clients (LangChain4j, Spring AI) send
 * {@code temperature} by default. So it is dropped, and named in the response header
 * {@code x-opengateway-dropped-params} (comma-space separated, in request order). With
 * {@code opengateway.dropped-params: refuse} it is a 400 naming the parameter, the model and why.
 * A dialect says which of the sampling parameters it can send at all ({@link RequestMapper#samplingParams()}):
 * one it has no counterpart for keeps its own rule (Anthropic refuses penalties and log
 * probabilities on every model, as before). A pass-through (the client's body sent as it came) is
 * never touched.
 */
@Component("droppedParams")
public class DroppedParams {

    public static final String HEADER = "x-opengateway-dropped-params";

    /** The sampling parameters a dialect may send, by their Chat Completions names. */
    public static final Set<String> ALL_SAMPLING = Set.of("temperature", "top_p", "top_k", "presence_penalty",
            "frequency_penalty", "logprobs", "top_logprobs");

    /** Where a client sends none of them in its own order (a Messages request), this one. */
    private static final List<String> ORDER = List.of("temperature", "top_p", "top_k", "presence_penalty",
            "frequency_penalty", "logprobs", "top_logprobs");

    public enum Policy { DROP, REFUSE }

    /** A request as it goes to one model, and what was left out of it. */
    public record Result(ChatRequest request, List<String> dropped) {
    }

    private final Policy policy;

    @org.springframework.beans.factory.annotation.Autowired
    public DroppedParams(@Value("${opengateway.dropped-params:drop}") String policy) {
        this(parse(policy));
    }

    public DroppedParams(Policy policy) {
        this.policy = policy;
    }

    private static Policy parse(String s) {
        try {
            return Policy.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("opengateway.dropped-params must be 'drop' or 'refuse' (got '" + s + "')");
        }
    }

    /**
     * The request for {@code model}: unchanged when the model takes every parameter sent, else without
     * the ones it refuses (or a 400 under the refuse policy).
     *
     * @param sendable the sampling parameters the dialect can send at all
     */
    public Result apply(ChatRequest req, CatalogEntry model, Set<String> sendable) {
        return apply(req, model, sendable, model.has("sampling_refused"));
    }

    /**
     * The same, where the dialect decides per request whether the model refuses sampling now
     * ({@code refused}): an OpenAI model refuses it only while it reasons.
     */
    public Result apply(ChatRequest req, CatalogEntry model, Set<String> sendable, boolean refused) {
        if (req == null || !refused) {
            return new Result(req, List.of());
        }
        Map<String, Boolean> present = present(req);
        List<String> dropped = new ArrayList<>();
        for (String name : order(req)) {
            if (Boolean.TRUE.equals(present.get(name)) && sendable.contains(name)) {
                dropped.add(name);
            }
        }
        if (dropped.isEmpty()) {
            return new Result(req, List.of());
        }
        if (policy == Policy.REFUSE) {
            String name = dropped.get(0);
            throw GatewayException.unsupported(name, model.provider(), "'" + name + "' is refused by the model '"
                    + model.id() + "', which does not take sampling parameters; leave it out (the gateway drops it "
                    + "itself when opengateway.dropped-params is 'drop')");
        }
        return new Result(without(req, dropped), List.copyOf(dropped));
    }

    /**
     * The same rule for what a model's provider has no counterpart for at all and that is harmless
     * to leave out: a Responses client's built-in tools (Codex sends {@code web_search} by default)
     * and hints. {@code names} are left out and named beside the sampling parameters; under the
     * refuse policy the first is a 400.
     */
    public Result leaveOut(Result r, List<String> names, CatalogEntry model) {
        if (names.isEmpty()) {
            return r;
        }
        if (policy == Policy.REFUSE) {
            String name = names.get(0);
            throw GatewayException.unsupported(name, model.provider(), "'" + name + "' has no counterpart for the model '"
                    + model.id() + "'; leave it out (the gateway drops it itself when opengateway.dropped-params is 'drop')");
        }
        List<String> all = new ArrayList<>(r.dropped());
        all.addAll(names);
        return new Result(r.request(), List.copyOf(all));
    }

    private static Map<String, Boolean> present(ChatRequest r) {
        Map<String, Boolean> p = new LinkedHashMap<>();
        p.put("temperature", r.temperature() != null);
        p.put("top_p", r.topP() != null);
        p.put("top_k", r.topK() != null);
        p.put("presence_penalty", r.presencePenalty() != null);
        p.put("frequency_penalty", r.frequencyPenalty() != null);
        p.put("logprobs", r.logprobs() != null);
        p.put("top_logprobs", r.topLogprobs() != null);
        return p;
    }

    /** The client's order where its body is at hand, else a fixed one. */
    private static List<String> order(ChatRequest r) {
        if (r.raw() == null) {
            return ORDER;
        }
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = r.raw().fieldNames(); it.hasNext();) {
            String f = it.next();
            if (ALL_SAMPLING.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static ChatRequest without(ChatRequest r, List<String> names) {
        ObjectNode raw = r.raw() == null ? null : r.raw().deepCopy();
        if (raw != null) {
            raw.remove(names);
        }
        return new ChatRequest(r.model(), r.models(), r.messages(), r.stream(), r.includeUsage(), r.maxTokens(),
                names.contains("temperature") ? null : r.temperature(), names.contains("top_p") ? null : r.topP(),
                r.stop(), r.tools(), r.toolChoice(), r.parallelToolCalls(), r.responseFormat(), r.reasoningEffort(),
                r.seed(), r.user(), r.n(), names.contains("presence_penalty") ? null : r.presencePenalty(),
                names.contains("frequency_penalty") ? null : r.frequencyPenalty(),
                names.contains("logprobs") ? null : r.logprobs(), names.contains("top_logprobs") ? null : r.topLogprobs(),
                r.metadata(), names.contains("top_k") ? null : r.topK(), r.thinkingBudget(), r.serviceTier(),
                r.inferenceGeo(), raw, r.webSearch());
    }
}
