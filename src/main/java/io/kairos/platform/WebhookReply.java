package io.kairos.platform;

/** The HTTP answer to one webhook delivery; {@code retryAfter} in seconds, or null. */
public record WebhookReply(int status, String json, Long retryAfter) {

    static WebhookReply of(int status, String json) {
        return new WebhookReply(status, json, null);
    }

    static WebhookReply error(int status, String error, String message) {
        return new WebhookReply(status, "{\"error\":\"" + escape(error) + "\",\"message\":\"" + escape(message) + "\"}",
                null);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
