package io.kairos.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples (nanoseconds) reduced to the figures the benchmarks print. Not a test. */
final class BenchStats {

    final int count;
    final long p50;
    final long p95;
    final long p99;
    final long max;
    final double mean;

    private BenchStats(int count, long p50, long p95, long p99, long max, double mean) {
        this.count = count;
        this.p50 = p50;
        this.p95 = p95;
        this.p99 = p99;
        this.max = max;
        this.mean = mean;
    }

    /** Sorts a copy of the first {@code n} samples; nearest-rank percentiles. */
    static BenchStats of(long[] samples, int n) {
        if (n == 0) {
            return new BenchStats(0, 0, 0, 0, 0, 0);
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        double sum = 0;
        for (long s : sorted) {
            sum += s;
        }
        return new BenchStats(n, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), sorted[n - 1], sum / n);
    }

    static BenchStats of(long[] samples) {
        return of(samples, samples.length);
    }

    static long[] concat(long[]... parts) {
        int n = 0;
        for (long[] p : parts) {
            n += p.length;
        }
        long[] all = new long[n];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static long rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1_000_000.0);
    }

    static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1_000_000.0);
    }

    static String us(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1_000.0);
    }

    static String us(double nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1_000.0);
    }

    static String verdict(boolean ok) {
        return ok ? "PASS" : "MISS";
    }
}
