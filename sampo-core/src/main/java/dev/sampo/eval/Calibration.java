package dev.sampo.eval;

import dev.sampo.association.AssociationResult;
import dev.sampo.association.PairDecision;
import java.util.ArrayList;
import java.util.List;

/**
 * A reliability table: the pairs association judged, binned by their Φ, against the share that
 * are same-session in the truth. Φ means what it says when every bin's share is at least its
 * lower edge. Only pairs of two truth subflows count.
 */
public record Calibration(List<Bin> bins) {
    /** Lower edges of the bins; the last bin holds Φ from its edge up to 1 inclusive. */
    static final double[] EDGES = {0, 0.5, 0.9, 0.99, 0.999, 0.9999};

    /** Pairs with {@code from ≤ Φ < to} (the last bin: {@code ≤ 1}), and how many of them are same-session. */
    public record Bin(double from, double to, long pairs, long same) {
        /** The share of same-session pairs, or NaN for an empty bin. */
        public double precision() {
            return pairs == 0 ? Double.NaN : (double) same / pairs;
        }
    }

    public static Calibration of(AssociationResult result, Evaluation truth) {
        long[] pairs = new long[EDGES.length];
        long[] same = new long[EDGES.length];
        for (PairDecision d : result.pairs()) {
            if (!truth.inTruth(d.a()) || !truth.inTruth(d.b())) {
                continue;
            }
            int bin = EDGES.length - 1;
            while (d.phi() < EDGES[bin]) {
                bin--;
            }
            pairs[bin]++;
            if (truth.sameSession(d.a(), d.b())) {
                same[bin]++;
            }
        }
        List<Bin> bins = new ArrayList<>();
        for (int i = 0; i < EDGES.length; i++) {
            bins.add(new Bin(EDGES[i], i + 1 < EDGES.length ? EDGES[i + 1] : 1.0, pairs[i], same[i]));
        }
        return new Calibration(List.copyOf(bins));
    }
}
