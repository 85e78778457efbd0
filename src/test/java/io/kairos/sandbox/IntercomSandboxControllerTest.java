package io.kairos.sandbox;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class IntercomSandboxControllerTest {

    private static final String MESSAGE = """
            {"message_type":"email","subject":"Your order is delayed","body":"<p>Order 00000123 is late.</p>",
             "template":"plain","from":{"type":"admin","id":"1"},"to":{"type":"user","id":"6650a1b2c3d4e5f600000001"}}""";

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        mvc = MockMvcBuilders.standaloneSetup(new IntercomSandboxController(new IntercomSandbox(clock)))
                .setControllerAdvice(new SandboxErrors())
                .addFilters(new SandboxHeaderFilter())
                .build();
    }

    @Test
    void sendsAMessageAndListsItForNewcomers() throws Exception {
        mvc.perform(post("/sandbox/intercom/messages").header(HttpHeaders.AUTHORIZATION, "Bearer sandbox-intercom-token")
                        .contentType(MediaType.APPLICATION_JSON).content(MESSAGE))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Kairos-Sandbox", "true"))
                .andExpect(jsonPath("$.type").value("user_message"))
                .andExpect(jsonPath("$.id").value("1"))
                .andExpect(jsonPath("$.created_at").value(NOW.getEpochSecond()))
                .andExpect(jsonPath("$.message_type").value("email"))
                .andExpect(jsonPath("$.body").value("<p>Order 00000123 is late.</p>"));

        mvc.perform(get("/sandbox/intercom/messages"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total_count").value(1))
                .andExpect(jsonPath("$.data[0].subject").value("Your order is delayed"))
                .andExpect(jsonPath("$.data[0].to.id").value("6650a1b2c3d4e5f600000001"));
    }

    @Test
    void rejectsAMessageWithoutABearerToken() throws Exception {
        mvc.perform(post("/sandbox/intercom/messages").contentType(MediaType.APPLICATION_JSON).content(MESSAGE))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("error.list"))
                .andExpect(jsonPath("$.errors[0].code").value("unauthorized"));
        mvc.perform(get("/sandbox/intercom/messages")).andExpect(jsonPath("$.total_count").value(0));
    }

    @Test
    void rejectsAMessageWithoutABody() throws Exception {
        mvc.perform(post("/sandbox/intercom/messages").header(HttpHeaders.AUTHORIZATION, "Bearer t")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"message_type\":\"in_app\",\"from\":{\"type\":\"admin\",\"id\":\"1\"},"
                                + "\"to\":{\"type\":\"user\",\"email\":\"jane@acme.example\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].code").value("parameter_not_found"));
    }

    @Test
    void findsAContactByEmail() throws Exception {
        mvc.perform(post("/sandbox/intercom/contacts/search").header(HttpHeaders.AUTHORIZATION, "Bearer t")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"query\":{\"field\":\"email\",\"operator\":\"=\",\"value\":\"jane@acme.example\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.type").value("list"))
                .andExpect(jsonPath("$.total_count").value(1))
                .andExpect(jsonPath("$.data[0].type").value("contact"))
                .andExpect(jsonPath("$.data[0].email").value("jane@acme.example"))
                .andExpect(jsonPath("$.data[0].external_id").value("003000000000001AAA"));
        mvc.perform(post("/sandbox/intercom/contacts/search").header(HttpHeaders.AUTHORIZATION, "Bearer t")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"query\":{\"field\":\"email\",\"operator\":\"=\",\"value\":\"nobody@unknown.example\"}}"))
                .andExpect(jsonPath("$.total_count").value(0));
    }
}
