package io.kairos.bench;

import io.kairos.bench.IntercomBudgetStub.Request;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the Intercom stub saw in one phase, reduced to the benchmark's figures: per 10-second window, in steady
 * state (the full windows between the first and the last request's), duplicates, and how soon sending resumed
 * after each announced reset. Not a test.
 */
final class DispatchTraffic {

    /** One 10-second window of the stub: start in epoch milliseconds, answers by kind. */
    record Window(long startMillis, int ok, int rateLimited, int beforeReset) { }

    final List<Request> requests;
    final int total;
    final int ok;
    final int rateLimited;
    final int beforeReset;
    final long firstMillis;
    final long lastMillis;
    final List<Window> windows;
    final int steadyWindows;
    final int steadyOk;
    final int steadyRateLimited;
    /** Emails that got more than one 2xx: a message sent twice. */
    final List<String> duplicates;
    /** Distinct reset times announced by a 429. */
    final int resetsAnnounced;
    /** For each announced reset, the first later request's arrival minus the reset (ms); never negative if obeyed. */
    final List<Long> resumeAfterResetMillis;

    private DispatchTraffic(List<Request> requests) {
        this.requests = requests.stream().sorted(Comparator.comparingLong(Request::atMillis)).toList();
        this.total = requests.size();
        int okCount = 0;
        int limited = 0;
        int early = 0;
        Map<String, Integer> sends = new HashMap<>();
        TreeMap<Long, int[]> byWindow = new TreeMap<>();
        TreeSet<Long> resets = new TreeSet<>();
        for (Request r : this.requests) {
            int[] w = byWindow.computeIfAbsent(Math.floorDiv(r.atMillis(), IntercomBudgetStub.WINDOW_MILLIS),
                    k -> new int[3]);
            if (r.status() == 200) {
                okCount++;
                w[0]++;
                if (r.email() != null) {
                    sends.merge(r.email(), 1, Integer::sum);
                }
            } else if (r.status() == 429) {
                limited++;
                w[1]++;
                resets.add(r.resetMillis());
            }
            if (r.beforeReset()) {
                early++;
                w[2]++;
            }
        }
        this.ok = okCount;
        this.rateLimited = limited;
        this.beforeReset = early;
        this.firstMillis = this.requests.isEmpty() ? 0 : this.requests.get(0).atMillis();
        this.lastMillis = this.requests.isEmpty() ? 0 : this.requests.get(this.requests.size() - 1).atMillis();
        this.windows = new ArrayList<>();
        byWindow.forEach((k, w) -> windows.add(new Window(k * IntercomBudgetStub.WINDOW_MILLIS, w[0], w[1], w[2])));
        // Steady state: the windows the run covered from end to end, i.e. all but the first and the last.
        int full = byWindow.isEmpty() ? 0 : (int) Math.max(0, byWindow.lastKey() - byWindow.firstKey() - 1);
        int fullOk = 0;
        int fullLimited = 0;
        for (int i = 1; i < windows.size() - 1; i++) {
            fullOk += windows.get(i).ok();
            fullLimited += windows.get(i).rateLimited();
        }
        this.steadyWindows = full;
        this.steadyOk = fullOk;
        this.steadyRateLimited = fullLimited;
        this.duplicates = sends.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted()
                .toList();
        this.resetsAnnounced = resets.size();
        this.resumeAfterResetMillis = new ArrayList<>();
        for (long reset : resets) {
            this.requests.stream().filter(r -> r.atMillis() >= reset).findFirst()
                    .ifPresent(r -> resumeAfterResetMillis.add(r.atMillis() - reset));
        }
    }

    static DispatchTraffic of(List<Request> requests) {
        return new DispatchTraffic(requests);
    }

    /** 2xx per second over the full windows; over the whole run when it spanned fewer than three windows. */
    double steadyOkPerSecond() {
        if (steadyWindows == 0) {
            return overallOkPerSecond();
        }
        return steadyOk * 1000.0 / (steadyWindows * IntercomBudgetStub.WINDOW_MILLIS);
    }

    /** 2xx per second from the first request to the last. */
    double overallOkPerSecond() {
        long span = lastMillis - firstMillis;
        return span <= 0 ? 0 : (ok - 1) * 1000.0 / span;
    }
}
