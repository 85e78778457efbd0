package io.kairos.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kairos.proactive.Signal;
import io.kairos.support.Fixtures;
import io.kairos.support.MutableClock;
import io.kairos.support.RealPayloads;
import io.kairos.support.SalesforceStubs;
import io.kairos.support.SalesforceTestCamel;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Salesforce payload published by others (real-payloads/salesforce) through the reader Kairos has for its
 * shape: an OAuth answer through the real camel-salesforce login against a stand-in, a Streaming API message
 * through {@link StreamEvent} and {@link SalesforceSignalEvents}, a query answer through {@link AudienceRecords}
 * and {@link SalesforceRecords}. A file of no known shape fails.
 */
class SalesforceRealPayloadsTest {

    private static final String SYSTEM = "salesforce";
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    /** What Kairos makes of each file. */
    private static final Map<String, String> EXPECTED = Map.of(
            "oauth-token-response.restforce-fixture.json",
            "login accepted (issued_at \"1278448832702\", no token_type): the next query carries its access token",
            "platform-event-cometd.purge-sobject-capture.json",
            "event /event/PurgeSObjectBatch__e 3e74df29-9a31-4463-8639-f460e5dd9cff, replay 2682310, created "
                    + "2022-10-14T07:13:03.051Z: no signal (no Kairos signal type in it)",
            "rest-query-nested-relationships.restforce-fixture.json",
            "1 of 1 rows, done; first row {Checkbox_Label=false, Text_Label=Hi there!, Date_Label=2010-01-01, "
                    + "DateTime_Label=2011-07-07T00:37:00.000+0000, Picklist_Multiselect_Label=four;six, "
                    + "ParentWhizbang__r=, Whizbangs__r=}, dated 2011-07-07",
            "rest-query-paginated-first-page.restforce-fixture.json",
            "1 of 2 rows, next /services/data/v26.0/query/01gD; first row {Text_Label=First Page}");

    @RegisterExtension
    static WireMockExtension salesforce = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private final ObjectMapper json = new ObjectMapper();
    private final SalesforceProperties properties = SoqlQueriesTest.properties(Map.of());
    private final SalesforceSignalEvents signals = new SalesforceSignalEvents(
            SalesforceSignalEventsTest.properties(), new MutableClock(NOW));

    static List<String> files() {
        return RealPayloads.files(SYSTEM);
    }

    @ParameterizedTest
    @MethodSource("files")
    void eachPublishedPayloadIsReadByItsReader(String file) throws Exception {
        String expected = RealPayloads.expectation(EXPECTED, SYSTEM, file);

        assertThat(outcome(RealPayloads.read(SYSTEM, file))).isEqualTo(expected);
    }

    @Test
    void theTableNamesNoFileThatIsGone() {
        assertThat(files()).containsAll(EXPECTED.keySet());
    }

    /**
     * A change event as CDC sends it: a commitNumber above 2^53 (a double would round it), commitTimestamp in epoch
     * milliseconds, an empty changeOrigin, a compound field nested. The delay is read; the raw event is never
     * rewritten, so the commitNumber stays exact.
     */
    @Test
    void aChangeEventWithACommitNumberAbove2To53AndAnEmptyOriginIsRead() throws Exception {
        ObjectNode change = orderChange();
        ObjectNode header = change.withObject("/data/payload/ChangeEventHeader");
        header.put("changeOrigin", "").put("commitNumber", new java.math.BigInteger("9007199254740993"));
        change.withObject("/data/payload").putObject("BillingAddress").put("City", "Berlin").putNull("Street");
        String raw = change.toString();

        Signal delay = signals.toSignal(raw).orElseThrow();

        assertThat(raw).contains("\"commitNumber\":9007199254740993");
        assertThat(delay.type()).isEqualTo(Signal.Type.ORDER_DELAY);
        assertThat(delay.recordId()).isEqualTo("801000000000102AAA");
        assertThat(delay.startsAt()).as("commitTimestamp, epoch millis").isEqualTo(NOW.minusSeconds(3600));
        assertThat(StreamEvent.parse(raw).changeHeader().path("commitNumber").asText()).isEqualTo("9007199254740993");
    }

    /** A CREATE carries every field and no changedFields: a new Order born delayed is no change of status. */
    @Test
    void aCreateWithEmptyChangedFieldsIsNoSignal() throws Exception {
        ObjectNode change = orderChange();
        change.withObject("/data/payload/ChangeEventHeader").put("changeType", "CREATE").putArray("changedFields");

        assertThat(signals.toSignal(change.toString())).isEmpty();
    }

    private ObjectNode orderChange() throws Exception {
        return (ObjectNode) json.readTree(Fixtures.read("salesforce/order-change-delayed.json",
                Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    /** What Kairos makes of a payload, chosen by its shape. */
    private String outcome(String body) throws Exception {
        JsonNode root = json.readTree(body);
        if (root.has("access_token")) {
            return login(root);
        }
        if (root.has("channel") && root.has("data")) {
            StreamEvent event = StreamEvent.parse(body);
            Optional<Signal> signal = signals.toSignal(body);
            return "event " + event.channel() + " " + event.eventId() + ", replay " + event.replayId() + ", created "
                    + event.createdAt() + ": " + signal.map(s -> "signal " + s.type() + " " + s.recordId())
                    .orElse("no signal (no Kairos signal type in it)");
        }
        if (root.has("records")) {
            return queryPage(body, root);
        }
        throw new AssertionError("no reader in Kairos for this shape: add one to this test");
    }

    /** The answer through camel-salesforce's own login, then a query that must carry the access token. */
    private String login(JsonNode token) throws Exception {
        ObjectNode answer = ((ObjectNode) token.deepCopy()).put("instance_url", salesforce.baseUrl());
        salesforce.stubFor(post("/services/oauth2/token").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(answer.toString())));
        salesforce.stubFor(get(urlPathEqualTo(SalesforceStubs.QUERY_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
        CamelContext camel = SalesforceTestCamel.start(salesforce.baseUrl());
        try {
            String result = camel.createProducerTemplate().requestBody(SalesforceCustomerDirectory.QUERY_ENDPOINT,
                    "SELECT Id FROM Contact LIMIT 1", String.class);
            assertThat(json.readTree(result).path("done").asBoolean()).isTrue();
            salesforce.verify(getRequestedFor(urlPathEqualTo(SalesforceStubs.QUERY_PATH))
                    .withHeader("Authorization", equalTo("Bearer " + token.path("access_token").asText())));
        } finally {
            camel.close();
        }
        return "login accepted (issued_at " + token.get("issued_at") + (token.has("token_type") ? "" : ", no "
                + "token_type") + "): the next query carries its access token";
    }

    /** A query page: its rows and next page as the audience reads them, the first row's fields as mapped. */
    private String queryPage(String body, JsonNode root) {
        AudienceRecords.Page page = new AudienceRecords(properties).page(stream(body),
                new AudienceQueries.AudienceQuery("SELECT …", null, Map.of()));
        List<String> mapped = new ArrayList<>();
        root.path("records").path(0).fieldNames().forEachRemaining(name -> {
            if (!name.equals("attributes")) {
                mapped.add("Contact." + name);
            }
        });
        SalesforceRecords.Contact first = new SalesforceRecords(properties).contacts(body, mapped).get(0);
        StringBuilder fields = new StringBuilder();
        first.mappedFields().forEach((name, value) -> fields.append(fields.isEmpty() ? "" : ", ")
                .append(name.substring("Contact.".length())).append('=').append(value));
        String dated = first.mappedFields().entrySet().stream().filter(f -> f.getKey().contains("DateTime"))
                .map(f -> ", dated " + SalesforceRecords.date(f.getValue())).findFirst().orElse("");
        return page.rows() + " of " + root.path("totalSize").asInt() + " rows, "
                + (page.nextRecordsUrl() == null ? "done" : "next " + page.nextRecordsUrl()) + "; first row {"
                + fields + "}" + dated;
    }

    private static InputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }
}
