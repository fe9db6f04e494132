package io.opengateway.dialect.anthropic;

/**
 * {@code reasoning_effort} as an extended-thinking budget. Anthropic takes a token budget (at least
 * 1024, below {@code max_tokens}); OpenAI's efforts map to: minimal 1024, low 2048, medium 8192,
 * high 16384, xhigh 32768; none means no thinking. The client's {@code max_tokens} is kept for the
 * visible answer: when the budget does not fit below it, {@code max_tokens} is raised to budget +
 * answer, capped at the model's output limit (the budget shrinks to fit under the cap).
 */
final class Thinking {

    static final int MIN_BUDGET = 1024;

    /** The budget and the raised {@code max_tokens}; null budget means thinking stays off. */
    record Plan(Integer budget, int maxTokens) {
    }

    private Thinking() {
    }

    static Integer budget(String effort) {
        if (effort == null) {
            return null;
        }
        switch (effort) {
            case "minimal":
                return MIN_BUDGET;
            case "low":
                return 2048;
            case "medium":
                return 8192;
            case "high":
                return 16384;
            case "xhigh":
                return 32768;
            default:
                return null; // "none"
        }
    }

    /** @param cap the model's output limit, or null when the catalog does not say */
    static Plan plan(Integer budget, int answerTokens, Long cap) {
        if (budget == null) {
            return new Plan(null, answerTokens);
        }
        long max = answerTokens > budget ? answerTokens : (long) budget + answerTokens;
        if (cap != null && max > cap) {
            max = cap;
        }
        int fitted = (int) Math.min(budget, max - 1);
        return fitted < MIN_BUDGET ? new Plan(null, answerTokens) : new Plan(fitted, (int) max);
    }
}
