package dev.sampo.association;

import java.util.BitSet;

/**
 * Splits the DSN spaces into {@code count} equal buckets so association can run in parallel, as
 * the paper suggests (docs/DOMAIN.md §3): a subflow goes to every bucket its reach-widened track
 * intervals touch (boundary replication), and each candidate pair is decided only in the bucket
 * that holds the first point where its intervals meet, so every pair is decided exactly once and
 * the decisions do not depend on the partitioning.
 */
public final class DsnBuckets {
    private final int count;

    public DsnBuckets(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("bucket count must be ≥ 1, not " + count);
        }
        this.count = count;
    }

    public int count() {
        return count;
    }

    /** Every bucket this subflow's evidence must be sent to. */
    public int[] bucketsOf(SubflowEvidence s) {
        BitSet buckets = new BitSet(count);
        for (int bits : CandidateFinder.WIDTHS) {
            for (Track t : s.tracks) {
                if (!CandidateFinder.sweeps(t, bits)) {
                    continue;
                }
                for (long[] p : CandidateFinder.pieces(t, bits)) {
                    buckets.set(bucket(p[0], bits), bucket(p[1], bits) + 1);
                }
            }
        }
        return buckets.stream().toArray();
    }

    /** The bucket that decides this pair, or −1 when the pair is no candidate anywhere. */
    public int owner(SubflowEvidence a, SubflowEvidence b) {
        for (int bits : CandidateFinder.WIDTHS) {
            for (Track x : a.tracks) {
                for (Track y : b.tracks) {
                    if (!CandidateFinder.sweeps(x, bits) || !CandidateFinder.sweeps(y, bits)
                            || !CandidateFinder.meets(x, y, bits)) {
                        continue;
                    }
                    for (long[] p : CandidateFinder.pieces(x, bits)) {
                        for (long[] q : CandidateFinder.pieces(y, bits)) {
                            long start = Long.compareUnsigned(p[0], q[0]) >= 0 ? p[0] : q[0];
                            long end = Long.compareUnsigned(p[1], q[1]) <= 0 ? p[1] : q[1];
                            if (Long.compareUnsigned(start, end) <= 0) {
                                return bucket(start, bits);
                            }
                        }
                    }
                }
            }
        }
        return -1;
    }

    /** Bucket of an unsigned position in a 2^bits ring: equal slices by its top 32 bits. */
    int bucket(long position, int bits) {
        long top32 = bits == 64 ? position >>> 32 : position & 0xFFFF_FFFFL;
        return (int) ((top32 * count) >>> 32);
    }
}
