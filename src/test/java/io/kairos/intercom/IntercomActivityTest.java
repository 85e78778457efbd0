package io.kairos.intercom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.activity.ContactActivity;
import io.kairos.enrichment.CustomerContext;
import io.kairos.enrichment.TicketEnrichments;
import io.kairos.platform.InboxEvent;
import io.kairos.support.SignedIntercomWebhooks;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import io.kairos.timing.ActivityHistogram;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The contact's conversations started and replies count towards their activity; an admin's close does not. */
class IntercomActivityTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Instant RECEIVED = Instant.parse("2026-11-26T12:00:00Z");

    private final IntercomNotifications notifications = new IntercomNotifications(new ObjectMapper());
    private final TicketEnrichments enrichments = mock(TicketEnrichments.class);

    static Stream<Database> databases() {
        return DATABASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aConversationStartedAndARepliedCountInTheContactsSalesforceZone(Database db) {
        ContactActivity activity = new ContactActivity(db.jdbc());
        when(enrichments.cached("jane@acme.example")).thenReturn(new CustomerContext("003A", "Jane Doe",
                "jane@acme.example", "Europe/Berlin", false, "001A", "Acme GmbH", "Gold", "Sam", List.of(), List.of(),
                List.of()));
        IntercomActivity intercom = new IntercomActivity(notifications, activity, enrichments);

        see(intercom, "conversation-user-created");
        see(intercom, "conversation-user-replied");
        see(intercom, "conversation-user-replied");

        ActivityHistogram jane = activity.ofContact("jane@acme.example").orElseThrow();
        assertThat(jane.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(jane.updatedAt()).as("the notification's created_at").isEqualTo(Instant.ofEpochSecond(1764151801));
        assertThat(jane.weights()[11]).as("10:05 UTC is 11:05 in Berlin; the same notification again counts once")
                .isCloseTo(2.0, within(1e-3));
        assertThat(db.jdbc().queryForObject("select count(*) from activity_histogram where subject = 'account:001A'",
                Integer.class)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anAdminsCloseCountsForNobodyAndAnUnknownContactIsReadInUtc(Database db) {
        ContactActivity activity = new ContactActivity(db.jdbc());
        IntercomActivity intercom = new IntercomActivity(notifications, activity, enrichments);

        see(intercom, "conversation-admin-closed");
        assertThat(db.jdbc().queryForObject("select count(*) from activity_histogram", Integer.class)).isZero();

        see(intercom, "conversation-user-created");
        ActivityHistogram jane = activity.ofContact("jane@acme.example").orElseThrow();
        assertThat(jane.zoneSource()).isEqualTo(ActivityHistogram.ZoneSource.DEFAULT);
        assertThat(jane.weights()[10]).isEqualTo(1.0);
    }

    private void see(IntercomActivity intercom, String fixture) {
        String payload = SignedIntercomWebhooks.fixture(fixture);
        InboxEvent event = new InboxEvent("intercom", fixture, "topic", payload, 1, RECEIVED);
        intercom.seen(event, notifications.read(event));
    }
}
