package io.kairos.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.proactive.ScheduledRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** A scheduled source's SOQL run through camel-salesforce, page by page ({@code nextRecordsUrl}). */
@Component
public class SalesforceScheduledRecords implements ScheduledRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProducerTemplate producer;
    private final SalesforceFirstCall firstCall;

    public SalesforceScheduledRecords(ProducerTemplate producer, SalesforceFirstCall firstCall) {
        this.producer = producer;
        this.firstCall = firstCall;
    }

    @Override
    public List<String> ids(String soql, int max) {
        List<String> ids = new ArrayList<>();
        JsonNode page = read(query(SalesforceAudience.QUERY_ENDPOINT, soql));
        while (true) {
            for (JsonNode record : page.path("records")) {
                if (record.hasNonNull("Id") && ids.size() < max) {
                    ids.add(record.get("Id").asText());
                }
            }
            String next = page.path("nextRecordsUrl").asText("");
            if (page.path("done").asBoolean(true) || next.isBlank() || ids.size() >= max) {
                return ids;
            }
            page = read(query(SalesforceAudience.QUERY_MORE_ENDPOINT, next));
        }
    }

    private String query(String endpoint, String body) {
        Exchange exchange = firstCall.send(() -> producer.send(endpoint, e -> e.getIn().setBody(body)));
        if (exchange.getException() != null) {
            throw CamelExecutionException.wrapCamelExecutionException(exchange, exchange.getException());
        }
        return exchange.getMessage().getBody(String.class);
    }

    private static JsonNode read(String json) {
        try {
            JsonNode page = JSON.readTree(json == null ? "" : json);
            if (page == null || !page.isObject()) {
                throw new IllegalStateException("Salesforce query answer is not a JSON object");
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("Salesforce query answer is not JSON", e);
        }
    }
}
