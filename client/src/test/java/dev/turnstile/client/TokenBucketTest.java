package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long RATE = 1_000_000; // bytes a second: a byte a microsecond

    @Test
    void aBurstIsTakenAtOnceAndWhatGoesBeyondWaitsForItsShareOfTheRate() throws Exception {
        ManualClock clock = new ManualClock();
        TokenBucket bucket = new TokenBucket(RATE, clock);

        bucket.take(bucket.burst());
        assertEquals(0, clock.sleptNanos(), "a full bucket's burst costs no wait");
        bucket.take(250_000);
        assertEquals(250_000_000L, clock.sleptNanos(), "250 kB more at 1 MB/s: a quarter of a second");
    }

    @Test
    void overALongRunTheBytesTakenKeepToTheRate() throws Exception {
        ManualClock clock = new ManualClock();
        TokenBucket bucket = new TokenBucket(RATE, clock);
        long total = 0;
        for (int i = 0; i < 1000; i++) {
            bucket.take(10_000);
            total += 10_000;
        }
        // 10 MB at 1 MB/s: 10 s, less the first burst that was there already.
        assertEquals((total - bucket.burst()) * 1_000_000_000L / RATE, clock.sleptNanos());
    }

    @Test
    void aQuietSpellRefillsTheBucketButNoMoreThanOneBurst() throws Exception {
        ManualClock clock = new ManualClock();
        TokenBucket bucket = new TokenBucket(RATE, clock);
        bucket.take(bucket.burst());

        clock.advance(60_000_000_000L); // a minute without traffic
        bucket.take(bucket.burst());
        assertEquals(0, clock.sleptNanos());
        bucket.take(1000);
        assertEquals(1_000_000L, clock.sleptNanos(), "the minute did not bank a minute's bytes");
    }

    @Test
    void theBurstIsATenthOfASecondsBytesAndNeverUnderOneTlsRecord() {
        assertEquals(100_000, new TokenBucket(RATE, new ManualClock()).burst());
        assertEquals(TokenBucket.MIN_BURST, new TokenBucket(1024, new ManualClock()).burst());
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, new ManualClock()));
    }
}
