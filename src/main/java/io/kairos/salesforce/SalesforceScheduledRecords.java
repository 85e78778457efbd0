package io.kairos.salesforce;

import io.kairos.proactive.ScheduledRecords;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** A scheduled source's SOQL run as a bulk query ({@link SoqlPages}): the ids of its records, up to a maximum. */
@Component
public class SalesforceScheduledRecords implements ScheduledRecords {

    private final SoqlPages soql;

    public SalesforceScheduledRecords(SoqlPages soql) {
        this.soql = soql;
    }

    @Override
    public List<String> ids(String query, int max) {
        List<String> ids = new ArrayList<>();
        try {
            soql.eachRecord(query, record -> {
                if (record.hasNonNull("Id")) {
                    ids.add(record.get("Id").asText());
                }
                return ids.size() < max;
            });
        } catch (SalesforceQuotaExhaustedException e) {
            throw new Refused(e.getBackoff(), e.getMessage(), e);
        } catch (SalesforceBudgetPausedException e) {
            throw new Refused(e.getBackoff(), e.getMessage(), e);
        }
        return ids;
    }
}
