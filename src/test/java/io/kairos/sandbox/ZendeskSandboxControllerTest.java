package io.kairos.sandbox;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class ZendeskSandboxControllerTest {

    private static final String API = "/sandbox/zendesk/api/v2";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("agent@sandbox.example/token:sandbox-zendesk-token".getBytes(StandardCharsets.UTF_8));

    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
        mvc = MockMvcBuilders.standaloneSetup(new ZendeskSandboxController(new ZendeskSandbox(clock)))
                .setControllerAdvice(new SandboxErrors())
                .addFilters(new SandboxHeaderFilter())
                .build();
    }

    @Test
    void showsASeededTicketAsTheTicketingApiDoes() throws Exception {
        mvc.perform(authed(get(API + "/tickets/35436.json")))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Kairos-Sandbox", "true"))
                .andExpect(jsonPath("$.ticket.id").value(35436))
                .andExpect(jsonPath("$.ticket.subject").value("My order has not arrived"))
                .andExpect(jsonPath("$.ticket.requester_id").value(9001))
                .andExpect(jsonPath("$.ticket.tags", contains("web")))
                .andExpect(jsonPath("$.ticket.custom_fields", hasSize(0)))
                .andExpect(jsonPath("$.ticket.problem_id").isEmpty())
                .andExpect(jsonPath("$.ticket.updated_at").value("2026-11-26T10:00:00Z"));
        mvc.perform(authed(get(API + "/tickets/99.json")))
                .andExpect(jsonPath("$.ticket.type").value("problem"))
                .andExpect(jsonPath("$.ticket.subject").value("Known issue: sync fails on Android 14"));
    }

    @Test
    void searchesARequestersUnsolvedTicketsForAPhrase() throws Exception {
        mvc.perform(authed(get(API + "/search.json")
                        .param("query", "requester:omar@globex.example status<solved \"stops syncing\" type:ticket")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results[*].id", contains(35437)))
                .andExpect(jsonPath("$.results[0].result_type").value("ticket"));
        mvc.perform(authed(get(API + "/search.json")
                        .param("query", "requester:jane@acme.example status<solved \"stops syncing\" type:ticket")))
                .andExpect(jsonPath("$.results", hasSize(0)));
        mvc.perform(authed(put(API + "/tickets/35437.json").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ticket\":{\"status\":\"solved\"}}")))
                .andExpect(status().isOk());
        mvc.perform(authed(get(API + "/search.json")
                        .param("query", "requester:omar@globex.example status<solved sync type:ticket")))
                .andExpect(jsonPath("$.results", hasSize(0)));
    }

    @Test
    void answersTheOpenTicketLookupsCallsOnOneCursorPage() throws Exception {
        mvc.perform(authed(get(API + "/search/export.json").param("query", "type:ticket status<solved tags:known_issue")
                        .param("filter[type]", "ticket").param("page[size]", "100")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results[*].id", contains(99)))
                .andExpect(jsonPath("$.meta.has_more").value(false))
                .andExpect(jsonPath("$.links.next").isEmpty());
        mvc.perform(authed(put(API + "/tickets/35437.json").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ticket\":{\"type\":\"incident\",\"problem_id\":99}}")))
                .andExpect(status().isOk());
        mvc.perform(authed(get(API + "/tickets/99/incidents.json").param("page[size]", "100")))
                .andExpect(jsonPath("$.tickets[*].id", contains(35437)))
                .andExpect(jsonPath("$.meta.has_more").value(false));
        mvc.perform(authed(get(API + "/users/show_many.json").param("ids", "9002,4242")))
                .andExpect(jsonPath("$.users[*].email", contains("omar@globex.example")));
    }

    @Test
    void rejectsARequestWithoutCredentials() throws Exception {
        mvc.perform(get(API + "/tickets/35436.json"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("X-Kairos-Sandbox", "true"))
                .andExpect(jsonPath("$.error").value("Couldn't authenticate you"));
        mvc.perform(put(API + "/tickets/35436.json").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ticket\":{\"status\":\"solved\"}}"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void answersRecordNotFoundForAnUnknownTicket() throws Exception {
        mvc.perform(authed(get(API + "/tickets/1.json")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("RecordNotFound"))
                .andExpect(jsonPath("$.description").value("Not found"));
    }

    @Test
    void anUpdateAppendsTheNoteReplacesTagsMergesFieldsAndLinksTheProblem() throws Exception {
        // The body camel-zendesk's updateTicket/createComment send.
        mvc.perform(authed(put(API + "/tickets/35437.json")).contentType(MediaType.APPLICATION_JSON).content("""
                        {"ticket":{"id":35437,"comment":{"type":"Comment","body":"Kairos · Salesforce context","public":false},
                          "tags":["kairos_enriched","kairos_known_issue"],
                          "custom_fields":[{"id":360001,"value":"Silver"},{"id":360002,"value":"Globex Inc"}],
                          "type":"incident","problem_id":99,"has_incidents":false}}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ticket.tags", contains("kairos_enriched", "kairos_known_issue")))
                .andExpect(jsonPath("$.ticket.type").value("incident"))
                .andExpect(jsonPath("$.ticket.problem_id").value(99))
                .andExpect(jsonPath("$.ticket.custom_fields", hasSize(2)))
                .andExpect(jsonPath("$.ticket.updated_at").value("2026-11-26T12:00:00Z"));

        mvc.perform(authed(put(API + "/tickets/35437.json")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ticket\":{\"custom_fields\":[{\"id\":360001,\"value\":\"Gold\"},"
                                + "{\"id\":360003,\"value\":\"Ana Ortiz\"}]}}"))
                .andExpect(jsonPath("$.ticket.custom_fields", hasSize(3)))
                .andExpect(jsonPath("$.ticket.custom_fields[?(@.id == 360001)].value", contains("Gold")))
                .andExpect(jsonPath("$.ticket.custom_fields[?(@.id == 360002)].value", contains("Globex Inc")))
                .andExpect(jsonPath("$.ticket.tags", contains("kairos_enriched", "kairos_known_issue")))
                .andExpect(jsonPath("$.ticket.updated_at").value("2026-11-26T12:00:01Z"));

        mvc.perform(authed(get(API + "/tickets/35437/comments.json")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.count").value(2))
                .andExpect(jsonPath("$.comments[0].public").value(true))
                .andExpect(jsonPath("$.comments[0].author_id").value(9002))
                .andExpect(jsonPath("$.comments[1].body").value("Kairos · Salesforce context"))
                .andExpect(jsonPath("$.comments[1].public").value(false))
                .andExpect(jsonPath("$.comments[1].author_id").value(9999))
                .andExpect(jsonPath("$.comments[1].created_at").value("2026-11-26T12:00:00Z"));
    }

    @Test
    void tagsOnUpdateReplaceTheTicketsTags() throws Exception {
        mvc.perform(authed(put(API + "/tickets/35436.json")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ticket\":{\"tags\":[\"kairos_enriched\"]}}"))
                .andExpect(jsonPath("$.ticket.tags", contains("kairos_enriched")));
        mvc.perform(authed(put(API + "/tickets/35436/tags.json")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tags\":[\"kairos_tier_gold\"]}"))
                .andExpect(jsonPath("$.tags", contains("kairos_enriched", "kairos_tier_gold")));
    }

    @Test
    void aSafeUpdateWithAStaleStampConflicts() throws Exception {
        // The Java client writes the stamp as 2026-11-26T10:00:00.000+00:00; both spellings name the same instant.
        mvc.perform(authed(put(API + "/tickets/35436.json")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ticket\":{\"status\":\"pending\",\"safe_update\":true,"
                                + "\"updated_stamp\":\"2026-11-26T10:00:00.000+00:00\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ticket.status").value("pending"));

        mvc.perform(authed(put(API + "/tickets/35436.json")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ticket\":{\"comment\":{\"body\":\"late\",\"public\":false},"
                                + "\"safe_update\":true,\"updated_stamp\":\"2026-11-26T10:00:00Z\"}}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value("UpdateConflict"));

        mvc.perform(authed(get(API + "/tickets/35436/comments.json")))
                .andExpect(jsonPath("$.count").value(1));
    }

    @Test
    void refusesToLinkATicketThatIsNotAProblem() throws Exception {
        mvc.perform(authed(put(API + "/tickets/35436.json")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ticket\":{\"type\":\"incident\",\"problem_id\":35437}}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.error").value("RecordInvalid"));
    }

    @Test
    void showsAndSearchesUsers() throws Exception {
        mvc.perform(authed(get(API + "/users/9001.json")))
                .andExpect(jsonPath("$.user.id").value(9001))
                .andExpect(jsonPath("$.user.name").value("Jane Doe"))
                .andExpect(jsonPath("$.user.email").value("jane@acme.example"));
        mvc.perform(authed(get(API + "/users/search.json").param("query", "omar@globex.example")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.users", hasSize(1)))
                .andExpect(jsonPath("$.users[0].id").value(9002));
        mvc.perform(authed(get(API + "/users/404.json"))).andExpect(status().isNotFound());
    }

    @Test
    void createsATicketWithTheNextId() throws Exception {
        mvc.perform(authed(post(API + "/tickets.json")).contentType(MediaType.APPLICATION_JSON).content("""
                        {"ticket":{"subject":"Your order is delayed","requester_id":9001,"tags":["kairos_proactive"],
                          "comment":{"body":"We know order 00000123 is late.","public":true}}}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.ticket.id").value(35439))
                .andExpect(jsonPath("$.ticket.status").value("new"))
                .andExpect(jsonPath("$.ticket.description").value("We know order 00000123 is late."));
        mvc.perform(authed(get(API + "/tickets/35439/comments.json")))
                .andExpect(jsonPath("$.comments[0].body").value("We know order 00000123 is late."));
    }

    @Test
    void keepsTheExternalIdOfACreatedTicketAndListsTicketsByIt() throws Exception {
        mvc.perform(authed(post(API + "/tickets.json")).contentType(MediaType.APPLICATION_JSON).content("""
                        {"ticket":{"subject":"Where is my order?","external_id":"intercom-conversation-215",
                          "requester":{"name":"Jane Doe","email":"jane@acme.example"},
                          "tags":["kairos_source_intercom"],"comment":{"html_body":"<p>Hi</p>","public":true}}}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.ticket.external_id").value("intercom-conversation-215"))
                .andExpect(jsonPath("$.ticket.requester_id").value(9001));

        mvc.perform(authed(get(API + "/tickets.json").param("external_id", "intercom-conversation-215")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tickets", hasSize(1)))
                .andExpect(jsonPath("$.tickets[0].id").value(35439))
                .andExpect(jsonPath("$.next_page").isEmpty());
        mvc.perform(authed(get(API + "/tickets.json").param("external_id", "intercom-conversation-999")))
                .andExpect(jsonPath("$.tickets", hasSize(0)));
        mvc.perform(authed(get(API + "/tickets/35436.json"))).andExpect(jsonPath("$.ticket.external_id").isEmpty());
    }

    @Test
    void updatesManyTicketsInABatchAndReportsEachInItsJob() throws Exception {
        String job = mvc.perform(authed(put(API + "/tickets/update_many.json")).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"tickets": [
                                  {"id": 35436, "comment": {"body": "Kairos note", "public": false},
                                   "additional_tags": ["kairos_enriched", "web"], "type": "incident", "problem_id": 99},
                                  {"id": 424242, "additional_tags": ["kairos_enriched"]}]}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.job_status.status").value("queued"))
                .andReturn().getResponse().getContentAsString().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        mvc.perform(authed(get(API + "/job_statuses/" + job + ".json")))
                .andExpect(jsonPath("$.job_status.status").value("completed"))
                .andExpect(jsonPath("$.job_status.results[0].id").value(35436))
                .andExpect(jsonPath("$.job_status.results[0].success").value(true))
                .andExpect(jsonPath("$.job_status.results[1].id").value(424242))
                .andExpect(jsonPath("$.job_status.results[1].success").value(false))
                .andExpect(jsonPath("$.job_status.results[1].error").value("RecordNotFound"));
        mvc.perform(authed(get(API + "/job_statuses/show_many.json").param("ids", job + ",unknown-job")))
                .andExpect(jsonPath("$.job_statuses", hasSize(1)))
                .andExpect(jsonPath("$.job_statuses[0].id").value(job))
                .andExpect(jsonPath("$.job_statuses[0].results[0].id").value(35436));
        mvc.perform(authed(get(API + "/tickets/show_many.json").param("ids", "35436,424242")))
                .andExpect(jsonPath("$.tickets", hasSize(1)))
                .andExpect(jsonPath("$.tickets[0].tags", contains("web", "kairos_enriched")))
                .andExpect(jsonPath("$.tickets[0].problem_id").value(99));
        mvc.perform(authed(get(API + "/tickets/35436/comments.json")))
                .andExpect(jsonPath("$.comments[1].body").value("Kairos note"))
                .andExpect(jsonPath("$.comments[1].public").value(false));
    }

    private static MockHttpServletRequestBuilder authed(MockHttpServletRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, BASIC);
    }
}
