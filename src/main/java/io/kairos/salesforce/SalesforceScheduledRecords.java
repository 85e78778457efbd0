package io.kairos.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.proactive.ScheduledRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** A scheduled source's SOQL run as a bulk query ({@link SoqlPages}): the ids of its records, up to a maximum. */
@Component
public class SalesforceScheduledRecords implements ScheduledRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SoqlPages soql;

    public SalesforceScheduledRecords(SoqlPages soql) {
        this.soql = soql;
    }

    @Override
    public List<String> ids(String query, int max) {
        List<String> ids = new ArrayList<>();
        soql.query(query, body -> {
            JsonNode page = read(body);
            for (JsonNode record : page.path("records")) {
                if (record.hasNonNull("Id") && ids.size() < max) {
                    ids.add(record.get("Id").asText());
                }
            }
            String next = page.path("nextRecordsUrl").asText("");
            return page.path("done").asBoolean(true) || next.isBlank() || ids.size() >= max ? null : next;
        });
        return ids;
    }

    private static JsonNode read(InputStream json) {
        try (json) {
            JsonNode page = json == null ? null : JSON.readTree(json);
            if (page == null || !page.isObject()) {
                throw new IllegalStateException("Salesforce query answer is not a JSON object");
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("Salesforce query answer is not JSON", e);
        }
    }
}
