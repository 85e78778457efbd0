package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

/** The HTTP answer a webhook source Kamelet gives from the flow's reply. */
class WebhookIntakeTest {

    private final WebhookIntake intake = new WebhookIntake(java.util.List.of(), null, null, null);

    @Test
    void theAnswerIsTheReplysStatusAndJsonWithRetryAfterAndNoRequestHeader() {
        Message message = request();

        intake.answer(new WebhookReply(503, "{\"error\":\"store_unavailable\"}", 30L), message);

        assertThat(message.getHeaders()).containsOnlyKeys(Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE,
                "Retry-After");
        assertThat(message.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(message.getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(message.getHeader("Retry-After")).isEqualTo(30L);
        assertThat(message.getBody()).isEqualTo("{\"error\":\"store_unavailable\"}");
    }

    @Test
    void aReplyWithoutRetryAfterSendsNoneAndAFlowWithoutAReplyIsA500() {
        Message accepted = request();
        intake.answer(WebhookReply.of(202, "{\"status\":\"accepted\"}"), accepted);
        Message none = request();
        intake.answer(null, none);

        assertThat(accepted.getHeaders()).containsOnlyKeys(Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE);
        assertThat(accepted.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(202);
        assertThat(none.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(500);
        assertThat(none.getBody(String.class)).contains("\"error\":\"no_reply\"");
    }

    private static Message request() {
        Message message = new DefaultMessage(new DefaultCamelContext());
        message.setHeader("X-Zendesk-Webhook-Signature", "c2lnbmF0dXJl");
        message.setHeader("Authorization", "Bearer leaked?");
        message.setBody(new byte[] {1, 2});
        return message;
    }
}
