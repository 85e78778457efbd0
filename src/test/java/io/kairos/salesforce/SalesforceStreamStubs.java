package io.kairos.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.kairos.support.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Salesforce's Streaming API scripted on WireMock (OAuth token, CometD handshake, subscribe, long-poll connects):
 * subscribing to the given channel starts the scenario "stream", whose connects deliver the batches in turn.
 */
public final class SalesforceStreamStubs {

    static final String COMETD = "/cometd/62.0.*";
    static final String ID = "{{jsonPath request.body '$[0].id'}}";
    private static final String ADVICE = "\"advice\":{\"reconnect\":\"retry\",\"interval\":0,\"timeout\":110000}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SalesforceStreamStubs() {
    }

    /** A HIGH known issue as a Kairos_Signal__e record over Pub/Sub (DateTime fields as epoch milliseconds). */
    public static Map<String, Object> pubSubKnownIssue(String title, Instant now) {
        return Map.of("CreatedDate", now.toEpochMilli(), "CreatedById", "005000000000001AAA",
                "Type__c", "KNOWN_ISSUE", "Record_Id__c", "a01000000000001AAA", "Severity__c", "HIGH",
                "Title__c", title, "Product__c", "Sync App",
                "Starts_At__c", now.minus(Duration.ofMinutes(90)).toEpochMilli(),
                "Ends_At__c", now.plus(Duration.ofHours(32)).toEpochMilli());
    }

    public static void stubStream(WireMockServer salesforce, String channel, List<String> batches) {
        salesforce.stubFor(post("/services/oauth2/token").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBodyFile("token.json")
                .withTransformers("response-template")));
        salesforce.stubFor(any(urlPathEqualTo("/services/oauth2/revoke")).willReturn(aResponse().withStatus(200)));
        salesforce.stubFor(bayeux("/meta/handshake").willReturn(reply("[{\"id\":\"" + ID + "\",\"channel\":"
                + "\"/meta/handshake\",\"successful\":true,\"version\":\"1.0\",\"clientId\":\"fake-client-1\","
                + "\"supportedConnectionTypes\":[\"long-polling\"]," + ADVICE + ",\"ext\":{\"replay\":true}}]")));
        // The subscription value must equal the channel: camel-salesforce keys its listeners on it.
        salesforce.stubFor(bayeux("/meta/subscribe").atPriority(5).willReturn(subscribed()));
        salesforce.stubFor(bayeux("/meta/subscribe").atPriority(1)
                .withRequestBody(subscriptionTo(channel))
                .inScenario("stream").willSetStateTo("batch-0").willReturn(subscribed()));
        for (String meta : new String[] {"/meta/unsubscribe", "/meta/disconnect"}) {
            salesforce.stubFor(bayeux(meta).willReturn(reply("[{\"id\":\"" + ID + "\",\"channel\":\"" + meta
                    + "\",\"successful\":true,\"subscription\":\"{{jsonPath request.body '$[0].subscription'}}\"}]")));
        }
        for (int i = 0; i < batches.size(); i++) {
            salesforce.stubFor(bayeux("/meta/connect").atPriority(1).inScenario("stream")
                    .whenScenarioStateIs("batch-" + i).willSetStateTo("batch-" + (i + 1))
                    .willReturn(reply("[" + batches.get(i) + "," + connected() + "]")));
        }
        // Every other connect is an empty long poll, held briefly so the client does not spin.
        salesforce.stubFor(bayeux("/meta/connect").atPriority(5)
                .willReturn(reply("[" + connected() + "]").withFixedDelay(300)));
    }

    static MappingBuilder bayeux(String metaChannel) {
        return post(urlPathMatching(COMETD))
                .withRequestBody(matchingJsonPath("$[?(@.channel == '" + metaChannel + "')]"));
    }

    static StringValuePattern subscriptionTo(String channel) {
        return matchingJsonPath("$[?(@.subscription == '" + channel + "')]");
    }

    static ResponseDefinitionBuilder reply(String body) {
        return okJson(body).withTransformers("response-template");
    }

    static String event(String fixture) {
        return Fixtures.read("salesforce/" + fixture).trim();
    }

    static String scenarioState(WireMockServer salesforce) {
        return salesforce.getAllScenarios().getScenarios().stream().filter(s -> s.getName().equals("stream"))
                .map(Scenario::getState).findFirst().orElse(null);
    }

    /** The replay ids sent on each subscribe to the channel, in order. */
    static List<Long> replayIdsSentOnSubscribe(WireMockServer salesforce, String channel) {
        return salesforce.findAll(postRequestedFor(urlPathMatching(COMETD))
                        .withRequestBody(subscriptionTo(channel))).stream()
                .map(request -> readTree(request.getBodyAsString()).path(0).path("ext").path("replay").path(channel))
                .filter(JsonNode::canConvertToLong)
                .map(JsonNode::asLong)
                .toList();
    }

    private static ResponseDefinitionBuilder subscribed() {
        return reply("[{\"id\":\"" + ID + "\",\"channel\":\"/meta/subscribe\",\"successful\":true,\"clientId\":"
                + "\"fake-client-1\",\"subscription\":\"{{jsonPath request.body '$[0].subscription'}}\"}]");
    }

    private static String connected() {
        return "{\"id\":\"" + ID + "\",\"channel\":\"/meta/connect\",\"successful\":true," + ADVICE + "}";
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
