package io.opengateway.dialect.anthropic;

/**
 * {@code reasoning_effort} as an extended-thinking budget. Anthropic takes a token budget (at least
 * 1024, below {@code max_tokens}, which counts thinking and answer together); OpenAI's efforts map
 * to: minimal 1024, low 2048, medium 8192, high 16384, xhigh 32768; none means no thinking. The
 * client's {@code max_tokens} is kept for the visible answer: {@code max_tokens} becomes budget +
 * answer, capped at the model's output limit, and the budget shrinks to what the cap leaves beside
 * the answer; below 1024 thinking stays off. Without a client {@code max_tokens} the request gets
 * the model's output limit, as without thinking, and the budget leaves the answer at least
 * {@value #DEFAULT_ANSWER} tokens of it.
 */
final class Thinking {

    static final int MIN_BUDGET = 1024;

    /** The answer's share without a client {@code max_tokens}; the whole when the model's limit is unknown too. */
    static final int DEFAULT_ANSWER = 4096;

    /** The budget and {@code max_tokens}; null budget means thinking stays off. */
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

    /**
     * @param requested the client's {@code max_tokens}, or null
     * @param cap the model's output limit, or null when the catalog does not say
     */
    static Plan plan(Integer budget, Integer requested, Long cap) {
        long unthinking = requested != null ? requested : cap != null ? Math.min(cap, Integer.MAX_VALUE)
                : DEFAULT_ANSWER;
        if (budget == null) {
            return new Plan(null, (int) unthinking);
        }
        long answer = requested != null ? requested : DEFAULT_ANSWER;
        long max = requested == null && cap != null ? cap : budget + answer;
        if (cap != null && max > cap) {
            max = cap;
        }
        long fitted = Math.min(budget, max - answer);
        return fitted < MIN_BUDGET ? new Plan(null, (int) unthinking)
                : new Plan((int) fitted, (int) Math.min(max, Integer.MAX_VALUE));
    }
}
