package dev.turnstile.bench;

/**
 * Latencies in log-linear buckets: exact below 64 ns, then 64 buckets per power of two, so any
 * quantile is within about 1.6 % without storing one number per request.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;

    private final long[] counts = new long[SUB + (64 - SUB_BITS) * SUB];
    private long total;

    void record(long nanos) {
        counts[bucket(Math.max(0, nanos))]++;
        total++;
    }

    long count() {
        return total;
    }

    /** @return the latency in nanoseconds below which {@code fraction} of the recorded ones lie */
    long quantile(double fraction) {
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= rank && counts[b] > 0) {
                return lowerBound(b);
            }
        }
        return 0;
    }

    static int bucket(long nanos) {
        if (nanos < SUB) {
            return (int) nanos;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(nanos);
        int sub = (int) (nanos >>> (magnitude - SUB_BITS)) & (SUB - 1);
        return SUB + (magnitude - SUB_BITS) * SUB + sub;
    }

    static long lowerBound(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        int magnitude = (bucket - SUB) / SUB + SUB_BITS;
        int sub = (bucket - SUB) % SUB;
        return (long) (SUB + sub) << (magnitude - SUB_BITS);
    }
}
