package io.kairos.proactive;

import java.util.List;

/** Runs a scheduled source's query in the CRM: the ids of the records it returns, at most {@code max}. */
public interface ScheduledRecords {

    List<String> ids(String soql, int max);
}
