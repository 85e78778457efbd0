package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kairos.ledger.LedgerEntry;
import io.kairos.ledger.LedgerStore;
import io.kairos.support.MutableClock;
import io.kairos.support.TestDatabases;
import io.kairos.support.TestDatabases.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Planning a signal's audience page by page into the outbox, with a fake audience source. */
class SignalPlannerTest {

    @RegisterExtension
    static final TestDatabases DATABASES = TestDatabases.h2AndPostgres();

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);

    static Stream<Database> databases() {
        return DATABASES.stream();
    }


    /** Hands out fixed pages; optionally fails after some of them, as a CRM outage mid-audience would. */
    private static final class FakeAudience implements AudienceSource {

        private final List<List<Recipient>> pages;
        private int failAfter;
        private final List<Signal> asked = new ArrayList<>();

        FakeAudience(List<List<Recipient>> pages) {
            this.pages = pages;
            this.failAfter = pages.size();
        }

        @Override
        public void resolve(Signal signal, Consumer<List<Recipient>> page) {
            asked.add(signal);
            for (int i = 0; i < pages.size(); i++) {
                if (i == failAfter) {
                    throw new IllegalStateException("Salesforce answered 503 on page " + (i + 1));
                }
                page.accept(pages.get(i));
            }
        }
    }

    private static final List<List<Recipient>> THREE_PAGES = List.of(
            OutboxTest.recipients("a@x.example", "b@x.example"),
            OutboxTest.recipients("c@x.example", "B@X.example"),
            OutboxTest.recipients("d@x.example", "e@x.example"));

    private SignalPlanner planner(Database db, AudienceSource audience, String channel) {
        Outbox outbox = OutboxTest.outbox(db, clock, 50);
        ProactiveRules rules = new ProactiveRules(TimingDecisionsTest.DEFAULTS,
                new ProactiveProperties(channel, 10, null, null), clock);
        return new SignalPlanner(audience, outbox, new SignalStore(db.jdbc()), rules,
                TimingDecisionsTest.timing(db, clock, outbox),
                new MessageLanguages(new UserLocales(db.jdbc(), clock), rules, "en"));
    }

    private static Signal stored(Database db) {
        return new SignalStore(db.jdbc()).save(new Signal("sig-1", "manual:k", "manual", Signal.Type.OUTAGE, null,
                Signal.Severity.HIGH, "Checkout down", null, null, null, null, "MailingCountry = 'DE'", T0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyPageIsPlannedOncePerContact(Database db) {
        FakeAudience audience = new FakeAudience(THREE_PAGES);
        Signal signal = stored(db);

        assertThat(planner(db, audience, "zendesk").plan(signal)).as("a duplicate email across pages").isEqualTo(5);

        assertThat(audience.asked).containsExactly(signal);
        assertThat(db.jdbc().queryForList("select contact_email from outbox_message order by contact_email",
                String.class)).containsExactly("a@x.example", "b@x.example", "c@x.example", "d@x.example",
                "e@x.example");
        assertThat(db.jdbc().queryForList("select distinct channel from outbox_message", String.class))
                .containsExactly("zendesk");
        assertThat(db.jdbc().queryForList("select distinct send_at from outbox_message", Object.class)).hasSize(1);
        assertThat(db.jdbc().queryForMap("select status, planned_count, outcome from signal"))
                .containsEntry("status", "PLANNED").containsEntry("planned_count", 5)
                .containsEntry("outcome", "planned 5 new message(s) for zendesk");

        assertThat(planner(db, audience, "zendesk").plan(signal)).as("planned again").isZero();
        assertThat(db.jdbc().queryForObject("select planned_count from signal", Integer.class)).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFailureMidAudienceKeepsThePagesBeforeItAndARerunCompletesThePlan(Database db) {
        FakeAudience audience = new FakeAudience(THREE_PAGES);
        audience.failAfter = 2;
        Signal signal = stored(db);

        assertThatThrownBy(() -> planner(db, audience, "intercom").plan(signal))
                .hasMessageContaining("page 3");
        assertThat(db.jdbc().queryForObject("select count(*) from outbox_message", Integer.class)).isEqualTo(3);
        assertThat(db.jdbc().queryForObject("select status from signal", String.class)).isEqualTo("RECEIVED");

        audience.failAfter = 3;
        assertThat(planner(db, audience, "intercom").plan(signal)).isEqualTo(2);
        assertThat(db.jdbc().queryForMap("select status, planned_count from signal"))
                .containsEntry("status", "PLANNED").containsEntry("planned_count", 5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anEmptyAudiencePlansNothing(Database db) {
        Signal signal = stored(db);

        assertThat(planner(db, new FakeAudience(List.of()), "intercom").plan(signal)).isZero();

        assertThat(db.jdbc().queryForMap("select status, planned_count from signal"))
                .containsEntry("status", "PLANNED").containsEntry("planned_count", 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eachRecipientIsPlannedAsThePolicyDecidesWithTheReasonInTheOutboxAndTheLedger(Database db) {
        new LedgerStore(db.jdbc()).record(new LedgerEntry("capped@x.example",
                "sig-0", "ANNOUNCEMENT", null, "zendesk", LedgerEntry.Decision.SENT, null, null,
                "Spring release", T0.minusSeconds(2 * 3600)));
        List<Recipient> page = List.of(
                new Recipient("003A", "capped@x.example", "Capped", "UTC", false, null),
                new Recipient("003B", "optout@x.example", "Opted Out", "UTC", true, null),
                new Recipient("003C", "night@x.example", "Night Owl", "Pacific/Auckland", false, null),
                new Recipient("003D", "ok@x.example", "Fine", "UTC", false, null));
        Signal signal = stored(db);

        assertThat(planner(db, new FakeAudience(List.of(page)), "zendesk").plan(signal)).isEqualTo(4);

        assertThat(db.jdbc().queryForList("select contact_email, status, reason_code from outbox_message "
                + "order by contact_email"))
                .extracting(r -> r.get("contact_email"), r -> r.get("status"), r -> r.get("reason_code"))
                .containsExactly(
                        tuple("capped@x.example", "PLANNED", "CAP_REACHED"),
                        tuple("night@x.example", "PLANNED", "QUIET_HOURS"),
                        tuple("ok@x.example", "PLANNED", null),
                        tuple("optout@x.example", "SUPPRESSED", "OPTED_OUT"));
        assertThat(TimingDecisionsTest.instant(db.jdbc().queryForObject(
                "select send_at from outbox_message where contact_email = 'capped@x.example'", Object.class)))
                .isEqualTo(T0.plusSeconds(22 * 3600));
        assertThat(TimingDecisionsTest.instant(db.jdbc().queryForObject(
                "select send_at from outbox_message where contact_email = 'night@x.example'", Object.class)))
                .as("23:00 in Auckland: deferred to 08:00 there").isEqualTo(Instant.parse("2026-11-26T19:00:00Z"));
        assertThat(db.jdbc().queryForList("select contact_email, decision, reason_code from ledger_entry "
                + "where signal_id = 'sig-1' order by contact_email"))
                .extracting(r -> r.get("contact_email"), r -> r.get("decision"), r -> r.get("reason_code"))
                .containsExactly(
                        tuple("capped@x.example", "DEFERRED", "CAP_REACHED"),
                        tuple("night@x.example", "DEFERRED", "QUIET_HOURS"),
                        tuple("optout@x.example", "SUPPRESSED", "OPTED_OUT"));

        assertThat(planner(db, new FakeAudience(List.of(page)), "zendesk").plan(signal)).as("planned again").isZero();
        assertThat(db.jdbc().queryForObject("select count(*) from ledger_entry", Integer.class))
                .as("no second ledger entry for a recipient already planned").isEqualTo(4);
    }
}
