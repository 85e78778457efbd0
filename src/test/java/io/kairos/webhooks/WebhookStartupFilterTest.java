package io.kairos.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Before the webhook routes start a delivery is answered 503 with Retry-After and goes no further; after, it passes. */
class WebhookStartupFilterTest {

    private final AtomicBoolean started = new AtomicBoolean();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final WebhookStartupFilter filter = new WebhookStartupFilter(started::get, 5, meters);

    @Test
    void aDeliveryBeforeTheRoutesStartIsAnswered503WithRetryAfterAndCounted() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(new MockHttpServletRequest("POST", "/webhooks/zendesk"), response, chain);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentAsString()).contains("\"error\":\"starting\"");
        assertThat(chain.getRequest()).as("handed on").isNull();
        assertThat(meters.counter("kairos.webhooks", "source", "any", "outcome", "starting").count()).isEqualTo(1);
    }

    @Test
    void onceTheRoutesHaveStartedADeliveryGoesOn() throws Exception {
        started.set(true);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(new MockHttpServletRequest("POST", "/webhooks/zendesk"), response, chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Retry-After")).isNull();
    }
}
