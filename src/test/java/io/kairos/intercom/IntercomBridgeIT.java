package io.kairos.intercom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.kairos.support.KairosAppTest;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SignedIntercomWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signed Intercom notifications become one Zendesk ticket per conversation through the real camel-zendesk against
 * a WireMock Zendesk, enriched by the same flow as a Zendesk-born ticket (Salesforce on WireMock too): created,
 * replied, out of order, duplicate, retried after a 429 or an unknown outcome, unknown contact, closed.
 */
class IntercomBridgeIT extends KairosAppTest {

    private static final String CREATED_ID = "notif_5b1c2a0e-1f43-4f7e-9c77-0d3a1c2b4e01";
    private static final String REPLIED_ID = "notif_7d2e4b61-90aa-4c1b-8e1f-5a6b7c8d9e02";
    private static final String CLOSED_ID = "notif_9f3a5c72-0b1d-4e2f-a3b4-c5d6e7f80903";
    private static final String CONVERSATION = "215467891234567";
    private static final String EXTERNAL_ID = "intercom-conversation-" + CONVERSATION;
    private static final String TICKETS = "/api/v2/tickets.json";
    private static final String TICKET = "/api/v2/tickets/35501.json";
    private static final String ENRICHMENT_EVENT = "kairos-intercom-ticket-35501";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((ZENDESK_EMAIL + "/token:" + ZENDESK_TOKEN).getBytes(StandardCharsets.UTF_8));

    /** What a test accepted is finished before the next one empties the store and the stubs under it. */
    @AfterEach
    void inboxSettles() {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from inbox_event where status in ('PENDING', 'PROCESSING')", Integer.class) == 0);
    }

    private static String fixture(String name) {
        return SignedIntercomWebhooks.fixture(name);
    }

    private String intercomStatus(String notificationId) {
        List<String> status = jdbc.queryForList(
                "select status from inbox_event where source = 'intercom' and event_id = ?", String.class,
                notificationId);
        return status.isEmpty() ? null : status.get(0);
    }

    private String intercomOutcome(String notificationId) {
        return jdbc.queryForObject("select outcome from inbox_event where source = 'intercom' and event_id = ?",
                String.class, notificationId);
    }

    private void awaitIntercom(String notificationId, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(intercomStatus(notificationId)));
    }

    private void stubZendeskTicket35501() {
        ZENDESK.stubFor(post(TICKETS).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBodyFile("ticket-35501-from-intercom.json")));
        ZENDESK.stubFor(get(TICKET).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("ticket-35501-from-intercom.json")));
        ZENDESK.stubFor(put(TICKET).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("ticket-35501-from-intercom.json")));
    }

    private void stubLookupByExternalId(String ticketsJson) {
        ZENDESK.stubFor(get(urlPathEqualTo(TICKETS)).withQueryParam("external_id", equalTo(EXTERNAL_ID))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"tickets\":" + ticketsJson + ",\"next_page\":null,\"previous_page\":null,"
                                + "\"count\":0}")));
    }

    private void createTicketForTheConversation() {
        assertThat(intercomWebhooks().post(fixture("conversation-user-created")).statusCode()).isEqualTo(202);
        awaitIntercom(CREATED_ID, "DONE");
    }

    @Test
    void aNewConversationBecomesAZendeskTicketEnrichedLikeAZendeskBornOne() {
        stubZendeskTicket35501();

        assertThat(intercomWebhooks().post(fixture("conversation-user-created")).statusCode()).isEqualTo(202);

        awaitIntercom(CREATED_ID, "DONE");
        assertThat(intercomOutcome(CREATED_ID)).isEqualTo("created Zendesk ticket 35501; its enrichment is queued");
        ZENDESK.verify(1, postRequestedFor(urlEqualTo(TICKETS))
                .withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(matchingJsonPath("$.ticket.requester.email", equalTo("jane@acme.example")))
                .withRequestBody(matchingJsonPath("$.ticket.requester.name", equalTo("Jane Doe")))
                .withRequestBody(matchingJsonPath("$.ticket.subject",
                        equalTo("Hi, my Widget Pro order still has not arrived. Can you check & tell me when?")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.html_body", equalTo(
                        "<p>Hi, my Widget Pro order still has not arrived.</p><p>Can you check &amp; tell me when?</p>")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.ticket.tags", equalToJson("[\"kairos_source_intercom\"]")))
                .withRequestBody(matchingJsonPath("$.ticket.external_id", equalTo(EXTERNAL_ID))));
        ZENDESK.verify(0, getRequestedFor(urlPathEqualTo(TICKETS)));
        assertThat(jdbc.queryForMap("select ticket_id, requester_id, contact_email from intercom_conversation_link "
                + "where conversation_id = ?", CONVERSATION)).containsEntry("ticket_id", 35501L)
                .containsEntry("requester_id", 9001L).containsEntry("contact_email", "jane@acme.example");

        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus(ENRICHMENT_EVENT)));
        ZENDESK.verify(1, putRequestedFor(urlEqualTo(TICKET))
                .withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.body", equalTo("""
                        Kairos · Salesforce context
                        Who: Jane Doe <jane@acme.example> · Acme GmbH · Tier: Gold · Owner: Sam Seller
                        Orders at risk: 00000102 Delayed (ETA 2026-12-01)
                        Known issue: KI-0042 on Sync App: Sync stalls after the 3.2 update → problem #99
                        Already told: nothing yet""")))
                .withRequestBody(matchingJsonPath("$.ticket.tags", equalToJson("[\"kairos_source_intercom\","
                        + "\"kairos_enriched\",\"kairos_tier_gold\",\"kairos_order_at_risk\",\"kairos_known_issue\"]")))
                .withRequestBody(matchingJsonPath("$.ticket.custom_fields[?(@.id == 360001)].value",
                        equalToJson("[\"Gold\"]")))
                .withRequestBody(matchingJsonPath("$.ticket.safe_update", equalTo("true"))));
        assertThat(jdbc.queryForObject("select contact_email from ticket_enrichment where ticket_id = 35501",
                String.class)).isEqualTo("jane@acme.example");
        ZENDESK.verify(0, getRequestedFor(urlPathMatching("/api/v2/users/.*")));
    }

    @Test
    void theContactsReplyBecomesAPublicCommentByTheRequesterOnTheLinkedTicket() {
        stubZendeskTicket35501();
        createTicketForTheConversation();

        assertThat(intercomWebhooks().post(fixture("conversation-user-replied")).statusCode()).isEqualTo(202);

        awaitIntercom(REPLIED_ID, "DONE");
        assertThat(intercomOutcome(REPLIED_ID)).isEqualTo("added the reply to Zendesk ticket 35501 as a public comment");
        ZENDESK.verify(1, putRequestedFor(urlEqualTo(TICKET))
                .withHeader("Authorization", equalTo(BASIC))
                .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.author_id", equalTo("9001")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.html_body", equalTo("<p>The order number is "
                        + "00000102; the receipt is attached.</p><p>Attachment: <a href=\"https://downloads."
                        + "intercomcdn.com/i/o/1/receipt.pdf\">receipt.pdf</a></p>"))));
        ZENDESK.verify(1, postRequestedFor(urlEqualTo(TICKETS)));
    }

    @Test
    void aReplyToATicketZendeskNoLongerHasGoesToTheDeadLetterTableWithTheReason() {
        stubZendeskTicket35501();
        createTicketForTheConversation();
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus(ENRICHMENT_EVENT)));
        ZENDESK.stubFor(put(TICKET).willReturn(aResponse().withStatus(404).withHeader("Content-Type",
                "application/json").withBody("{\"error\":\"RecordNotFound\",\"description\":\"Not found\"}")));

        intercomWebhooks().post(fixture("conversation-user-replied"));

        awaitIntercom(REPLIED_ID, "DEAD");
        assertThat(jdbc.queryForObject("select reason from dead_letter where event_id = ?", String.class, REPLIED_ID))
                .isEqualTo("Zendesk has no ticket 35501 (404)");
    }

    /**
     * Kairos sent Jane message 3209999001 and Max message 3209999002 through Intercom (their outbox rows SENT with
     * those ids, as {@code POST /messages} answered). Jane's reply in the conversation her message started (the reply
     * fixture with its {@code source} made admin_initiated message 3209999001, see
     * {@link IntercomFixtures#replyToMessage}) marks her message answered at the notification's {@code created_at};
     * a later second reply keeps the first time; Max's message stays unanswered, and so does a message whose id
     * happens to equal the source of a conversation the customer started (the unchanged fixture): such a reply goes
     * on as before. Jane's first reply also creates the conversation's ticket (Intercom sends no created
     * notification for it), so her later reply and the unchanged one append to it.
     */
    @Test
    void aReplyToAMessageKairosSentMarksThatMessageAnsweredOnce() {
        stubZendeskTicket35501();
        jdbc.update("""
                insert into signal (id, dedupe_key, source, type, record_id, severity, title, status, planned_count,
                                    received_at)
                values ('sig-answer', 'key-answer', 'manual', 'ORDER_DELAY', '801A', 'NORMAL', 'Late', 'DONE', 3, ?)""",
                OffsetDateTime.now(ZoneOffset.UTC));
        for (String[] row : new String[][] {{"jane@acme.example", "3209999001"}, {"max@acme.example", "3209999002"},
                {"li@globex.example", "3201547896"}}) {
            jdbc.update("""
                    insert into outbox_message (signal_id, contact_email, channel, send_at, status, external_id,
                                                created_at, updated_at)
                    values ('sig-answer', ?, 'intercom', ?, 'SENT', ?, ?, ?)""", row[0],
                    OffsetDateTime.now(ZoneOffset.UTC), row[1], OffsetDateTime.now(ZoneOffset.UTC),
                    OffsetDateTime.now(ZoneOffset.UTC));
        }
        String answer = IntercomFixtures.replyToMessage(fixture("conversation-user-replied"), "3209999001");
        String later = answer.replace("notif_reply-to-3209999001", "notif_later-reply-to-3209999001")
                .replace("\"created_at\":1764151801,\"self\"", "\"created_at\":1764155401,\"self\"");

        assertThat(intercomWebhooks().post(answer).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> answeredAt("3209999001") != null);
        assertThat(intercomWebhooks().post(later).statusCode()).isEqualTo(202);
        assertThat(intercomWebhooks().post(fixture("conversation-user-replied")).statusCode()).isEqualTo(202);
        awaitIntercom("notif_reply-to-3209999001", "DONE");
        awaitIntercom("notif_later-reply-to-3209999001", "DONE");
        awaitIntercom(REPLIED_ID, "DONE");

        assertThat(answeredAt("3209999001")).as("the first reply's created_at")
                .isEqualTo(Instant.ofEpochSecond(1_764_151_801L));
        assertThat(answeredAt("3209999002")).isNull();
        assertThat(answeredAt("3201547896")).as("a customer-initiated conversation answers no message").isNull();
    }

    /**
     * Kairos's ORDER_DELAY message 3209999001 went to Bill two hours ago; Intercom's SDK sample made his reply to it
     * (see {@link IntercomFixtures#replyInOlderShape}): the first reply, delivered twice at once, creates one ticket
     * that is "Re:" the message's subject and carries kairos_proactive_reply, his words its first comment; his
     * second reply is a comment on it.
     */
    @Test
    void aReplyToAKairosMessageCreatesOneTaggedTicketAndTheNextReplyAppends() {
        stubZendeskTicket35501();
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.contactQuery("bill@bill.bill"), 200,
                "contact-none.json");
        OffsetDateTime sentAt = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).withSecond(0).withNano(0);
        jdbc.update("""
                insert into signal (id, dedupe_key, source, type, record_id, severity, title, status, planned_count,
                                    received_at)
                values ('sig-delay', 'key-delay', 'manual', 'ORDER_DELAY', '801A', 'NORMAL', 'Your order is delayed',
                        'DONE', 1, ?)""", sentAt);
        jdbc.update("""
                insert into outbox_message (signal_id, contact_email, channel, send_at, status, external_id,
                                            created_at, updated_at)
                values ('sig-delay', 'bill@bill.bill', 'intercom', ?, 'SENT', '3209999001', ?, ?)""",
                sentAt, sentAt, sentAt);
        String sample = fixture("sdk-fixture-conversation-notification.intercom-ruby");
        String first = IntercomFixtures.replyInOlderShape(sample, "notif_bill-first-reply", "3209999001", "654987",
                "<p>When will it arrive?</p>");
        String second = IntercomFixtures.replyInOlderShape(sample, "notif_bill-second-reply", "3209999001", "654988",
                "<p>Thanks, got it.</p>");

        int firstAnswer = intercomWebhooks().post(first).statusCode();
        int duplicateAnswer = intercomWebhooks().post(first).statusCode();

        assertThat(List.of(firstAnswer, duplicateAnswer)).containsExactlyInAnyOrder(202, 200);
        awaitIntercom("notif_bill-first-reply", "DONE");
        assertThat(intercomOutcome("notif_bill-first-reply"))
                .isEqualTo("created Zendesk ticket 35501; its enrichment is queued");
        ZENDESK.verify(1, postRequestedFor(urlEqualTo(TICKETS))
                .withRequestBody(matchingJsonPath("$.ticket.requester.email", equalTo("bill@bill.bill")))
                .withRequestBody(matchingJsonPath("$.ticket.subject", equalTo("Re: Your order is delayed")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.html_body", equalTo("<p>When will it arrive?</p>")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.ticket.tags",
                        equalToJson("[\"kairos_source_intercom\",\"kairos_proactive_reply\"]")))
                .withRequestBody(matchingJsonPath("$.ticket.external_id",
                        equalTo("intercom-conversation-123456789"))));
        assertThat(jdbc.queryForObject("select ticket_id from intercom_conversation_link where conversation_id = ?",
                Long.class, "123456789")).isEqualTo(35501L);
        assertThat(answeredAt("3209999001")).isNotNull();

        assertThat(intercomWebhooks().post(second).statusCode()).isEqualTo(202);

        awaitIntercom("notif_bill-second-reply", "DONE");
        assertThat(intercomOutcome("notif_bill-second-reply"))
                .isEqualTo("added the reply to Zendesk ticket 35501 as a public comment");
        ZENDESK.verify(1, putRequestedFor(urlEqualTo(TICKET))
                .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.html_body", equalTo("<p>Thanks, got it.</p>"))));
        ZENDESK.verify(1, postRequestedFor(urlEqualTo(TICKETS)));
        assertThat(jdbc.queryForObject("select count(*) from inbox_event where source = 'intercom'", Integer.class))
                .isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> "SKIPPED".equals(inboxStatus(ENRICHMENT_EVENT)));
    }

    /**
     * The same sample as a reply in a conversation Bill started (his own conversation_message, no message of
     * Kairos's): it waits for the created notification, and appends once that made the ticket.
     */
    @Test
    void aReplyInAConversationTheContactStartedStillWaitsForItsTicket() {
        stubZendeskTicket35501();
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.contactQuery("bill@bill.bill"), 200,
                "contact-none.json");
        String sample = fixture("sdk-fixture-conversation-notification.intercom-ruby");
        String reply = IntercomFixtures.replyInOlderShape(sample, "notif_bill-own-reply", null, "654987",
                "<p>Still waiting</p>");

        assertThat(intercomWebhooks().post(reply).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select outcome from inbox_event where event_id = ?", String.class, "notif_bill-own-reply") != null);
        assertThat(intercomStatus("notif_bill-own-reply")).isEqualTo("PENDING");
        assertThat(intercomOutcome("notif_bill-own-reply"))
                .startsWith("waiting for the Zendesk ticket of Intercom conversation 123456789");
        assertThat(ZENDESK.getAllServeEvents()).as("nothing was sent to Zendesk").isEmpty();

        assertThat(intercomWebhooks().post(sample).statusCode()).isEqualTo(202);

        awaitIntercom("notif_123456-56465-546546", "DONE");
        awaitIntercom("notif_bill-own-reply", "DONE");
        ZENDESK.verify(1, postRequestedFor(urlEqualTo(TICKETS))
                .withRequestBody(matchingJsonPath("$.ticket.tags", equalToJson("[\"kairos_source_intercom\"]"))));
        ZENDESK.verify(1, putRequestedFor(urlEqualTo(TICKET))
                .withRequestBody(matchingJsonPath("$.ticket.comment.html_body", equalTo("<p>Still waiting</p>"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> "SKIPPED".equals(inboxStatus(ENRICHMENT_EVENT)));
    }

    private Instant answeredAt(String externalId) {
        java.sql.Timestamp at = jdbc.queryForObject("select answered_at from outbox_message where external_id = ?",
                java.sql.Timestamp.class, externalId);
        return at == null ? null : at.toInstant();
    }

    @Test
    void aReplyThatArrivesBeforeItsConversationWaitsForTheTicketInsteadOfCreatingOne() {
        stubZendeskTicket35501();

        assertThat(intercomWebhooks().post(fixture("conversation-user-replied")).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select outcome from inbox_event where event_id = ?", String.class, REPLIED_ID) != null);
        Map<String, Object> waiting = jdbc.queryForMap(
                "select status, attempts, outcome from inbox_event where event_id = ?", REPLIED_ID);
        assertThat(waiting).containsEntry("status", "PENDING").containsEntry("attempts", 0);
        assertThat((String) waiting.get("outcome"))
                .startsWith("waiting for the Zendesk ticket of Intercom conversation " + CONVERSATION);
        assertThat(ZENDESK.getAllServeEvents()).as("nothing was sent to Zendesk").isEmpty();

        assertThat(intercomWebhooks().post(fixture("conversation-user-created")).statusCode()).isEqualTo(202);

        awaitIntercom(REPLIED_ID, "DONE");
        awaitIntercom(CREATED_ID, "DONE");
        ZENDESK.verify(1, postRequestedFor(urlEqualTo(TICKETS)));
        List<LoggedRequest> replies = ZENDESK.findAll(putRequestedFor(urlEqualTo(TICKET))
                .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("true"))));
        assertThat(replies).hasSize(1);
        LoggedRequest creation = ZENDESK.findAll(postRequestedFor(urlEqualTo(TICKETS))).get(0);
        assertThat(replies.get(0).getLoggedDate()).isAfterOrEqualTo(creation.getLoggedDate());
    }

    @Test
    void aRedeliveryIsProcessedOnceAndASecondNotificationForTheConversationMakesNoSecondTicket() {
        stubZendeskTicket35501();
        String created = fixture("conversation-user-created");
        assertThat(intercomWebhooks().post(created).statusCode()).isEqualTo(202);
        assertThat(intercomWebhooks().post(created.replace("\"delivery_attempts\":1", "\"delivery_attempts\":2"))
                .statusCode()).isEqualTo(200);
        awaitIntercom(CREATED_ID, "DONE");

        String another = created.replace(CREATED_ID, "notif_another-created-for-the-same-conversation");
        assertThat(intercomWebhooks().post(another).statusCode()).isEqualTo(202);

        awaitIntercom("notif_another-created-for-the-same-conversation", "SKIPPED");
        assertThat(intercomOutcome("notif_another-created-for-the-same-conversation"))
                .isEqualTo("the conversation already has Zendesk ticket 35501");
        ZENDESK.verify(1, postRequestedFor(urlEqualTo(TICKETS)));
        assertThat(jdbc.queryForObject("select count(*) from inbox_event where source = 'intercom'", Integer.class))
                .isEqualTo(2);
    }

    @Test
    void aRateLimitedCreationWaitsForRetryAfterAndLooksForTheTicketBeforeCreatingItAgain() {
        stubZendeskTicket35501();
        ZENDESK.stubFor(post(TICKETS).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("Rate limit exceeded")).willSetStateTo("open"));
        ZENDESK.stubFor(post(TICKETS).inScenario("limit").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBodyFile("ticket-35501-from-intercom.json")));
        stubLookupByExternalId("[]");

        intercomWebhooks().post(fixture("conversation-user-created"));

        awaitIntercom(CREATED_ID, "DONE");
        List<LoggedRequest> posts = ZENDESK.findAll(postRequestedFor(urlEqualTo(TICKETS)));
        assertThat(posts).hasSize(2);
        assertThat(Duration.between(posts.get(0).getLoggedDate().toInstant(), posts.get(1).getLoggedDate().toInstant()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        ZENDESK.verify(1, getRequestedFor(urlPathEqualTo(TICKETS)).withQueryParam("external_id", equalTo(EXTERNAL_ID)));
        assertThat(jdbc.queryForObject("select attempts from inbox_event where event_id = ?", Integer.class,
                CREATED_ID)).as("a rate limit spends no attempt").isEqualTo(1);
    }

    @Test
    void aCreationWhoseOutcomeWasUnknownFindsTheTicketZendeskMadeAndCreatesNoSecondOne() {
        stubZendeskTicket35501();
        ZENDESK.stubFor(post(TICKETS).willReturn(aResponse().withStatus(502).withBody("Bad Gateway")));
        stubLookupByExternalId("[{\"id\":35501,\"external_id\":\"" + EXTERNAL_ID + "\",\"requester_id\":9001,"
                + "\"status\":\"new\",\"subject\":\"Hi\"}]");

        intercomWebhooks().post(fixture("conversation-user-created"));

        awaitIntercom(CREATED_ID, "DONE");
        ZENDESK.verify(1, postRequestedFor(urlEqualTo(TICKETS)));
        assertThat(jdbc.queryForObject("select ticket_id from intercom_conversation_link", Long.class))
                .isEqualTo(35501L);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus(ENRICHMENT_EVENT)));
    }

    @Test
    void aContactSalesforceDoesNotKnowStillGetsATicketMarkedNotEnrichedWithTheReason() {
        stubZendeskTicket35501();
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.contactQuery("stranger@nowhere.example"), 200,
                "contact-none.json");
        String stranger = fixture("conversation-user-created").replace("jane@acme.example", "stranger@nowhere.example")
                .replace("Jane Doe", "Sam Stranger");

        intercomWebhooks().post(stranger);

        awaitIntercom(CREATED_ID, "DONE");
        ZENDESK.verify(1, postRequestedFor(urlEqualTo(TICKETS))
                .withRequestBody(matchingJsonPath("$.ticket.requester.email", equalTo("stranger@nowhere.example"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> "SKIPPED".equals(inboxStatus(ENRICHMENT_EVENT)));
        assertThat(jdbc.queryForObject("select outcome from inbox_event where event_id = ?", String.class,
                ENRICHMENT_EVENT)).startsWith("unknown customer: no Salesforce contact for the requester");
        ZENDESK.verify(1, putRequestedFor(urlEqualTo(TICKET))
                .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.body", equalTo("Kairos · no Salesforce contact "
                        + "found for stranger@nowhere.example; this ticket was not enriched.")))
                .withRequestBody(matchingJsonPath("$.ticket.tags", equalToJson(
                        "[\"kairos_source_intercom\",\"kairos_unknown_customer\"]"))));
    }

    /** Intercom's Ruby SDK fixture, in the older shape (conversation_message, user; string timestamps). */
    @Test
    void aConversationInIntercomsOlderShapeBecomesATicketToo() {
        stubZendeskTicket35501();
        SalesforceStubs.stubQuery(SALESFORCE, SalesforceStubs.contactQuery("bill@bill.bill"), 200,
                "contact-none.json");

        assertThat(intercomWebhooks().post(fixture("sdk-fixture-conversation-notification.intercom-ruby"))
                .statusCode()).isEqualTo(202);

        awaitIntercom("notif_123456-56465-546546", "DONE");
        ZENDESK.verify(1, postRequestedFor(urlEqualTo(TICKETS))
                .withRequestBody(matchingJsonPath("$.ticket.requester.email", equalTo("bill@bill.bill")))
                .withRequestBody(matchingJsonPath("$.ticket.requester.name", equalTo("Kill Bill")))
                .withRequestBody(matchingJsonPath("$.ticket.subject", equalTo("An important message")))
                .withRequestBody(matchingJsonPath("$.ticket.comment.html_body", equalTo("<p>An important message</p>")))
                .withRequestBody(matchingJsonPath("$.ticket.external_id", equalTo("intercom-conversation-123456789"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> "SKIPPED".equals(inboxStatus(ENRICHMENT_EVENT)));
    }

    @Test
    void aConversationWithoutAContactEmailGoesToTheDeadLetterTableWithTheReason() {
        intercomWebhooks().post(fixture("conversation-user-created").replace(",\"email\":\"jane@acme.example\"", ""));

        awaitIntercom(CREATED_ID, "DEAD");
        assertThat(jdbc.queryForObject("select reason from dead_letter where event_id = ?", String.class, CREATED_ID))
                .contains("conversation 215467891234567 has no contact email");
        assertThat(ZENDESK.getAllServeEvents()).isEmpty();
    }

    @Test
    void anAdminsCloseIsRecordedAndTheTicketLeftOpenByDefault() {
        stubZendeskTicket35501();
        createTicketForTheConversation();

        intercomWebhooks().post(fixture("conversation-admin-closed"));

        awaitIntercom(CLOSED_ID, "DONE");
        assertThat(intercomOutcome(CLOSED_ID)).isEqualTo("closed in Intercom: recorded; Zendesk ticket 35501 left "
                + "open (kairos.intercom-bridge.solve-on-close is false)");
        Map<String, Object> link = jdbc.queryForMap("select closed_at, closed_by from intercom_conversation_link");
        assertThat(link.get("closed_at")).isNotNull();
        assertThat(link).containsEntry("closed_by", "Sam Agent");
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(inboxStatus(ENRICHMENT_EVENT)));
        ZENDESK.verify(0, putRequestedFor(urlEqualTo(TICKET)).withRequestBody(containing("\"status\"")));
        // The enrichment read the ticket once; with solving off, the close does not read it.
        ZENDESK.verify(1, getRequestedFor(urlEqualTo(TICKET)).withHeader("Authorization", equalTo(BASIC)));
    }
}
