package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

class ApiErrorsTest {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Probe()).setControllerAdvice(new ApiErrors())
            .build();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ApiErrors.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
        Correlation.set(null);
    }

    @Test
    void anUnexpectedExceptionAnswersAPlain500WithTheCorrelationIdAndIsLoggedOnceWithItsStackTrace()
            throws Exception {
        Correlation.set("c0ffee0000000001");

        String body = mvc.perform(get("/boom")).andExpect(status().isInternalServerError())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getContentAsString();

        assertThat(body).isEqualTo("{\"error\":\"internal_error\",\"message\":\"Kairos failed to handle this "
                + "request; its log has the details under correlation id c0ffee0000000001.\","
                + "\"correlationId\":\"c0ffee0000000001\"}");
        assertThat(logs.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("jdbc:postgresql://db/kairos refused");
            assertThat(event.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
        });
    }

    @Test
    void withoutACorrelationIdTheAnswerNamesNone() throws Exception {
        String body = mvc.perform(get("/boom")).andExpect(status().isInternalServerError())
                .andReturn().getResponse().getContentAsString();

        assertThat(body).isEqualTo("{\"error\":\"internal_error\",\"message\":\"Kairos failed to handle this "
                + "request; its log has the details.\"}");
    }

    @Test
    void springsOwnAnswersAreKeptAndNotLogged() throws Exception {
        mvc.perform(post("/boom")).andExpect(status().isMethodNotAllowed());
        mvc.perform(post("/echo").contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/number").param("n", "seven")).andExpect(status().isBadRequest());
        mvc.perform(get("/number")).andExpect(status().isBadRequest());
        mvc.perform(get("/conflict")).andExpect(status().isConflict());
        mvc.perform(get("/gone")).andExpect(status().isGone());

        assertThat(logs.list).isEmpty();
    }

    @RestController
    static class Probe {

        @GetMapping("/boom")
        Map<String, Object> boom() {
            throw new IllegalStateException("jdbc:postgresql://db/kairos refused");
        }

        @PostMapping("/echo")
        Map<String, Object> echo(@RequestBody Map<String, Object> body) {
            return body;
        }

        @GetMapping("/number")
        int number(@RequestParam int n) {
            return n;
        }

        @GetMapping("/conflict")
        String conflict() {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "taken");
        }

        @GetMapping("/gone")
        String gone() {
            throw new Gone();
        }
    }

    @ResponseStatus(HttpStatus.GONE)
    static class Gone extends RuntimeException {
    }
}
