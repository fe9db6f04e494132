package io.opengateway.bench;

/** Realistic fixed payloads per provider dialect, for the benchmark's fake provider. */
final class Dialects {

    private Dialects() {
    }

    interface Dialect {
        String body();

        String head();

        String delta(String text);

        String tail();
    }

    static final Dialect OPENAI = new Dialect() {
        public String body() {
            return "{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion\",\"created\":1741569952,"
                    + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"Hello! How can I assist you today?\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":10,\"total_tokens\":29,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":"
                    + "{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
                    + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\"}";
        }

        private String chunk(String delta, String finish) {
            return "data: {\"id\":\"chatcmpl-BrqJrvRkbIbT6Rc1ilfnWsZtBfpH4\",\"object\":\"chat.completion.chunk\",\"created\":1752171931,"
                    + "\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_34a54ae93c\","
                    + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}],"
                    + "\"usage\":null}\n\n";
        }

        public String head() {
            return chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null");
        }

        public String delta(String text) {
            return chunk("{\"content\":\"" + text + "\"}", "null");
        }

        public String tail() {
            return chunk("{}", "\"stop\"")
                    + "data: {\"id\":\"chatcmpl-BrqJrvRkbIbT6Rc1ilfnWsZtBfpH4\",\"object\":\"chat.completion.chunk\",\"created\":1752171931,"
                    + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":10,"
                    + "\"total_tokens\":19,\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":"
                    + "{\"reasoning_tokens\":0}}}\n\ndata: [DONE]\n\n";
        }
    };

    static final Dialect ANTHROPIC = new Dialect() {
        public String body() {
            return "{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5-20251001\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"Hello! How can I assist you today?\"}],\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":19,\"cache_creation_input_tokens\":0,"
                    + "\"cache_read_input_tokens\":0,\"output_tokens\":10,\"service_tier\":\"standard\"}}";
        }

        public String head() {
            return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\","
                    + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-haiku-4-5-20251001\","
                    + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":19,\"cache_creation_input_tokens\":0,"
                    + "\"cache_read_input_tokens\":0,\"output_tokens\":1}}}\n\n"
                    + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
        }

        public String delta(String text) {
            return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n";
        }

        public String tail() {
            return "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                    + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":10}}\n\n"
                    + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        }
    };

    static final Dialect GEMINI = new Dialect() {
        public String body() {
            return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello! How can I assist you today?\"}],\"role\":\"model\"},"
                    + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":19,"
                    + "\"candidatesTokenCount\":10,\"totalTokenCount\":29},\"modelVersion\":\"gemini-3.8-flash\","
                    + "\"responseId\":\"7nGRaIvJK9Stz7IPr8LR0Qs\"}";
        }

        private String chunk(String text, String finish) {
            return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"}"
                    + (finish == null ? "" : ",\"finishReason\":\"" + finish + "\"") + ",\"index\":0}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":19,\"candidatesTokenCount\":10,\"totalTokenCount\":29},"
                    + "\"modelVersion\":\"gemini-3.8-flash\",\"responseId\":\"7nGRaIvJK9Stz7IPr8LR0Qs\"}\n\n";
        }

        public String head() {
            return chunk("", null);
        }

        public String delta(String text) {
            return chunk(text, null);
        }

        public String tail() {
            return chunk("", "STOP");
        }
    };
}
