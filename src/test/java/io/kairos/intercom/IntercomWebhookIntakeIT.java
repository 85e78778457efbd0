package io.kairos.intercom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kairos.support.KairosAppTest;
import io.kairos.support.SignedIntercomWebhooks;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code POST /webhooks/intercom}: what is stored and answered for signed, forged, malformed, oversized, repeated and
 * unknown-topic notifications.
 */
@ExtendWith(OutputCaptureExtension.class)
class IntercomWebhookIntakeIT extends KairosAppTest {

    private static final String CREATED_ID = "notif_5b1c2a0e-1f43-4f7e-9c77-0d3a1c2b4e01";
    private static final String INTAKE_LOGGER = "io.kairos.platform.WebhookIntake";

    private final String created = SignedIntercomWebhooks.fixture("conversation-user-created");

    private int inboxRows() {
        return jdbc.queryForObject("select count(*) from inbox_event where source = 'intercom'", Integer.class);
    }

    /** What a test accepted is finished before the next one empties the store and the stubs under it. */
    @AfterEach
    void inboxSettles() {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from inbox_event where status in ('PENDING', 'PROCESSING')", Integer.class) == 0);
    }

    @AfterEach
    void intakeLogLevelBack() {
        LoggingSystem.get(getClass().getClassLoader()).setLogLevel(INTAKE_LOGGER, null);
    }

    @Test
    void aSignedNotificationIsStoredBeforeItIsAnsweredAndARedeliveryIsStoredOnce() {
        HttpResponse<String> first = intercomWebhooks().post(created);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).isEqualTo("{\"status\":\"accepted\",\"eventId\":\"" + CREATED_ID + "\"}");
        assertThat(jdbc.queryForObject("select event_type from inbox_event where source = 'intercom' and event_id = ?",
                String.class, CREATED_ID)).isEqualTo("conversation.user.created");
        assertThat(jdbc.queryForObject("select payload from inbox_event where source = 'intercom' and event_id = ?",
                String.class, CREATED_ID)).as("the raw body, byte for byte").isEqualTo(created);

        // Intercom's retry carries the same notification id, with other delivery fields: other bytes, same event.
        String redelivery = created.replace("\"delivery_attempts\":1", "\"delivery_attempts\":2");
        HttpResponse<String> again = intercomWebhooks().post(redelivery);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"duplicate\"");
        assertThat(inboxRows()).isEqualTo(1);
    }

    @Test
    void aForgedTamperedOrUnsignedNotificationGets401AndNothingIsStored() {
        String otherSecret = new IntercomSignature("not-the-client-secret").sign(created.getBytes());
        String signedOriginal = intercomWebhooks().sign(created);
        String tampered = created.replace("jane@acme.example", "mallory@evil.example");

        HttpResponse<String> forged = intercomWebhooks().post(created, otherSecret);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("\"error\":\"unauthorized\"").contains("signature does not match");
        assertThat(intercomWebhooks().post(tampered, signedOriginal).statusCode()).isEqualTo(401);
        HttpResponse<String> unsigned = intercomWebhooks().post(created, null);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("missing X-Hub-Signature");
        assertThat(intercomWebhooks().post(created, signedOriginal.substring("sha1=".length())).statusCode())
                .isEqualTo(401);
        assertThat(inboxRows()).isZero();
    }

    @Test
    void aForgedNotificationOfAnUnknownTopicIsRejectedTooNotIgnored() {
        String noted = SignedIntercomWebhooks.fixture("conversation-admin-noted");

        assertThat(intercomWebhooks().post(noted, "sha1=" + "0".repeat(40)).statusCode()).isEqualTo(401);
    }

    @Test
    void malformedNotificationsGet400WithAJsonMessage() {
        HttpResponse<String> notJson = intercomWebhooks().post("{\"type\":\"notification_event\",");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        assertThat(notJson.body()).startsWith("{\"error\":\"malformed\",\"message\":\"body is not valid JSON");

        HttpResponse<String> zendeskShaped = intercomWebhooks().post(SignedIntercomWebhooks.fixture(
                "conversation-user-created").replace("\"type\":\"notification_event\"", "\"type\":\"event\""));
        assertThat(zendeskShaped.statusCode()).isEqualTo(400);
        assertThat(zendeskShaped.body()).contains("must be \\\"notification_event\\\"");

        HttpResponse<String> noConversation = intercomWebhooks().post(created.replace(
                "\"type\":\"conversation\",\"id\":\"215467891234567\",", "\"type\":\"conversation\","));
        assertThat(noConversation.statusCode()).isEqualTo(400);
        assertThat(noConversation.body()).contains("no conversation id in data.item.id");
        assertThat(inboxRows()).isZero();
    }

    @Test
    void anUnknownTopicIsAnsweredWith200IgnoredAndADebugLineButNotStored(CapturedOutput output) {
        LoggingSystem.get(getClass().getClassLoader()).setLogLevel(INTAKE_LOGGER, LogLevel.DEBUG);

        HttpResponse<String> noted = intercomWebhooks().post(SignedIntercomWebhooks.fixture("conversation-admin-noted"));
        HttpResponse<String> ping = intercomWebhooks().post(SignedIntercomWebhooks.fixture("ping"));

        assertThat(noted.statusCode()).isEqualTo(200);
        assertThat(noted.body()).isEqualTo("{\"status\":\"ignored\",\"eventId\":\"notif_1c4d6e83-2f5a-4b6c-9d7e-"
                + "8f9012a3b404\",\"reason\":\"no flow for Intercom topic conversation.admin.noted\"}");
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).contains("\"status\":\"ignored\"");
        assertThat(inboxRows()).isZero();
        assertThat(output.getOut()).contains("DEBUG").contains("Ignored intercom webhook notif_1c4d6e83-2f5a-4b6c-"
                + "9d7e-8f9012a3b404 (conversation.admin.noted): no flow for Intercom topic conversation.admin.noted");
    }

    @Test
    void aNotificationIdTooLongToStoreIsRefusedWith400NamingItNotA503() {
        HttpResponse<String> response = intercomWebhooks().post(created.replace(CREATED_ID, "n".repeat(300)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("event id is 300 characters long; at most 200 are accepted");
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(inboxRows()).isZero();
    }

    @Test
    void intercomsOwnContactSampleIsIgnoredThroughTheSamePathAsZendesksNonTicketEvents() {
        HttpResponse<String> response = intercomWebhooks().post(
                SignedIntercomWebhooks.fixture("contact-created.intercom-official-sample-2016"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ignored\",\"eventId\":\"notif_35c466b0-070a-11e6-"
                + "a507-3d022cab75f8\",\"reason\":\"no flow for Intercom topic contact.created\"}");
        assertThat(inboxRows()).isZero();
    }

    /**
     * Intercom's own sample in its older shape once threw a NullPointerException that was retried 8 times as if
     * transient: its contact has no email, so it is dead-lettered on its first attempt with that reason.
     */
    @Test
    void intercomsOlderSampleWithoutAnEmailIsDeadLetteredOnItsFirstAttempt() {
        String fixture = "conversation-user-created.intercom-official-sample-2016";
        String body = SignedIntercomWebhooks.fixture(fixture);
        String eventId = body.replaceAll("(?s).*\"id\": \"(notif_[^\"]+)\".*", "$1");

        assertThat(intercomWebhooks().post(body).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from dead_letter where source = 'intercom' and event_id = ?", Integer.class,
                eventId) == 1);
        var letter = jdbc.queryForMap("select reason, attempts from dead_letter where event_id = ?", eventId);
        assertThat(letter.get("attempts")).isEqualTo(1);
        assertThat((String) letter.get("reason")).isEqualTo("unreadable delivery: conversation 4584686769 has no "
                + "contact email: a Zendesk requester needs one");
        assertThat(jdbc.queryForObject("select status from inbox_event where source = 'intercom' and event_id = ?",
                String.class, eventId)).isEqualTo("DEAD");
    }

    @Test
    void aBodyOverTheLimitGets413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        byte[] big = new byte[1024 * 1024 + 1];
        Arrays.fill(big, (byte) 'a');
        byte[] bigger = new byte[4 * 1024 * 1024];
        Arrays.fill(bigger, (byte) 'a');

        HttpResponse<String> declared = send(HttpRequest.BodyPublishers.ofByteArray(big));
        // An input-stream publisher has no length, so the client sends it chunked.
        HttpResponse<String> chunked = send(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(bigger)));

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("payload_too_large");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(inboxRows()).isZero();
    }

    @Test
    void onlyPostIsAllowed() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/webhooks/intercom")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher publisher) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/webhooks/intercom"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature", "sha1=irrelevant")
                .POST(publisher).build(), HttpResponse.BodyHandlers.ofString());
    }
}
