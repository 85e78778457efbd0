package io.kairos.proactive;

import io.kairos.platform.Inbox;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs the catalog's scheduled sources: each tick, every schedule that is due is claimed in the store (one
 * replica wins), its query runs in the CRM, and each record it returns is stored in the inbox as a signal of the
 * kind, keyed so that the same record yields one signal per the schedule's {@code once-per}; the signal lane then
 * plans it like any other.
 */
@Component
public class SignalSchedules implements DisposableBean {

    static final String SOURCE = "schedule";
    /** The most records one run turns into signals; more are left to the next run, with a warning. */
    static final int MAX_RECORDS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(SignalSchedules.class);

    private final ProactiveRules rules;
    private final ScheduledRecords records;
    private final Inbox inbox;
    private final SignalRequests requests;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration tick;
    private final boolean enabled;
    private volatile ScheduledExecutorService executor;

    public SignalSchedules(ProactiveRules rules, ScheduledRecords records, Inbox inbox, SignalRequests requests,
                           JdbcTemplate jdbc, Clock clock,
                           @Value("${kairos.signals.schedule-tick:60s}") Duration tick,
                           @Value("${kairos.signals.subscribe:true}") boolean enabled) {
        this.rules = rules;
        this.records = records;
        this.inbox = inbox;
        this.requests = requests;
        this.jdbc = jdbc;
        this.clock = clock;
        this.tick = tick;
        this.enabled = enabled;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (!enabled) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kairos-signal-schedules");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                runDue();
            } catch (RuntimeException e) {
                log.warn("Scheduled signal sources not run ({}); trying again in {}", e.toString(), tick);
            }
        }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs every due schedule this replica claims; returns how many signals it stored. */
    public int runDue() {
        int stored = 0;
        for (SignalKind kind : rules.catalog().kinds().values()) {
            List<SignalKind.Schedule> schedules = kind.schedules();
            for (int i = 0; i < schedules.size(); i++) {
                SignalKind.Schedule schedule = schedules.get(i);
                String name = kind.type().name() + "#" + i;
                if (!claim(name, schedule.every())) {
                    continue;
                }
                try {
                    stored += run(kind, schedule);
                } catch (ScheduledRecords.Refused e) {
                    // Stored like any run, so every replica waits the CRM's while out rather than asking each tick.
                    postpone(name, schedule.every(), e.retryAfter());
                    log.warn("Scheduled source of {} not run: {}; it runs again in {}", kind.type(), e.getMessage(),
                            e.retryAfter());
                } catch (RuntimeException e) {
                    // Due again at the next tick: a CRM that did not answer loses no run.
                    release(name, schedule.every());
                    log.warn("Scheduled source of {} failed ({}); it runs again at the next tick", kind.type(),
                            e.toString());
                }
            }
        }
        return stored;
    }

    private int run(SignalKind kind, SignalKind.Schedule schedule) {
        List<String> ids = records.ids(schedule.soql(), MAX_RECORDS + 1);
        if (ids.size() > MAX_RECORDS) {
            log.warn("Scheduled source of {} returned more than {} records; the first {} become signals, the rest "
                    + "wait for the next run", kind.type(), MAX_RECORDS, MAX_RECORDS);
            ids = ids.subList(0, MAX_RECORDS);
        }
        Instant now = clock.instant();
        int stored = 0;
        for (String recordId : ids) {
            Signal signal = signal(kind, schedule, recordId, now);
            if (inbox.accept(SOURCE, signal.dedupeKey(), "signal." + kind.type(), requests.toJson(signal),
                    signal.severity().inboxPriority())) {
                stored++;
            }
        }
        log.info("Scheduled source of {} ran: {} record(s), {} new signal(s)", kind.type(), ids.size(), stored);
        return stored;
    }

    /**
     * The signal a scheduled record becomes: keyed by kind, record and the {@code once-per} period it falls in, so
     * the daily run of "trials ending within 3 days" raises one signal per trial, not three.
     */
    static Signal signal(SignalKind kind, SignalKind.Schedule schedule, String recordId, Instant now) {
        long period = Math.floorDiv(now.getEpochSecond(), Math.max(1, schedule.oncePer().toSeconds()));
        String dedupeKey = SOURCE + ":" + kind.type() + ":" + recordId + ":" + period;
        String id = UUID.nameUUIDFromBytes(dedupeKey.getBytes(StandardCharsets.UTF_8)).toString();
        return new Signal(id, dedupeKey, SOURCE, kind.type(), recordId, schedule.severity(), schedule.title(), null,
                null, now, null, null, now);
    }

    /** True when this replica moved the schedule's last run forward: it is due and no other replica took it. */
    private boolean claim(String name, Duration every) {
        Instant now = clock.instant();
        jdbc.update("insert into signal_schedule (name, last_run_at) values (?, ?) on conflict do nothing", name,
                now.minus(every).atOffset(ZoneOffset.UTC));
        return jdbc.update("update signal_schedule set last_run_at = ? where name = ? and last_run_at <= ?",
                now.atOffset(ZoneOffset.UTC), name, now.minus(every).atOffset(ZoneOffset.UTC)) == 1;
    }

    /** Due again once {@code wait} has passed: as if it had last run then minus its period. */
    private void postpone(String name, Duration every, Duration wait) {
        jdbc.update("update signal_schedule set last_run_at = ? where name = ?",
                clock.instant().plus(wait).minus(every).atOffset(ZoneOffset.UTC), name);
    }

    private void release(String name, Duration every) {
        jdbc.update("update signal_schedule set last_run_at = ? where name = ?",
                clock.instant().minus(every).atOffset(ZoneOffset.UTC), name);
    }

    @Override
    public void destroy() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
        }
    }
}
