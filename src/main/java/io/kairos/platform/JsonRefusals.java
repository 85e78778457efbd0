package io.kairos.platform;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * A refusal written by a servlet filter, before any controller: the JSON shape every Kairos error has
 * ({@code {"error": …, "message": …}}), escaped as the webhook replies are.
 */
public final class JsonRefusals {

    private JsonRefusals() {
    }

    public static void write(HttpServletResponse response, int status, String error, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(WebhookReply.error(status, error, message).json());
    }

    /** A wait as Retry-After's whole seconds, rounded up and at least one, so a client never retries too early. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
