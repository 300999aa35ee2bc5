package dev.sampo.association;

/**
 * Time × DSN in one space (docs/ASSOCIATION.md §2, step 7): a track with boxes at two or more
 * times predicts where its session's DSN lies at any instant, by linear interpolation between its
 * time-neighbouring boxes and, outside its time span, by its own DSN rate. Another track's boxes
 * are scored by their residuals against that prediction. An unrelated track sits at a uniform
 * offset in the 2^bits space, and one offset moves all its boxes together: the chance that every
 * box lies as close to the prediction as observed is the share of offsets that keep each box
 * within the largest residual of its prediction, the intersection of one interval per box (each
 * {@code box width + predicted width + 2 · largest residual} wide): its coincidence probability,
 * explicit like the proximity test's. Boxes at different places within their predicted intervals
 * narrow it; more boxes alone do not multiply it, since they share that one offset.
 */
final class TimePrediction {
    private TimePrediction() {
    }

    /**
     * @param p the predicting track, its offsets shifted by {@code pShift}
     * @param q the predicted track, its offsets shifted by {@code qShift}
     * @return the coincidence probability of q's residuals, or 1 when p spans no time
     */
    static double chance(UnpackedTrack p, long pShift, UnpackedTrack q, long qShift, int bits) {
        if (p.count < 2 || q.count == 0 || p.firstTime == p.lastTime) {
            return 1.0;
        }
        // the arrays in locals: the C1 compiler of batch commands reloads fields in every iteration
        int n = p.count;
        double rate = p.rate;
        double[] mids = p.mid;
        int[] order = p.byMid;
        long[] pLo = p.lo;
        long[] pHi = p.hi;
        long[] qLo = q.lo;
        long[] qHi = q.hi;
        double[] lo = new double[q.count];
        double[] hi = new double[q.count];
        double largest = 0;
        int passed = 0; // p's boxes (in mid order) at or before the current time
        // q's boxes in mid order, so that p's time-neighbours only move forward: O(p + q), not O(p · q)
        for (int r = 0; r < q.count; r++) {
            int j = q.byMid[r];
            double t = q.mid[j];
            while (passed < n && mids[order[passed]] <= t) {
                passed++;
            }
            // p's time-neighbours of t: the latest box at or before it and the earliest at or after
            // it, the lowest index among boxes at one time (the first of their run in mid order)
            int before = -1;
            int after = passed < n ? order[passed] : -1;
            if (passed > 0) {
                int run = passed - 1;
                while (run > 0 && mids[order[run - 1]] == mids[order[run]]) {
                    run--;
                }
                before = order[run];
                if (mids[before] == t) {
                    after = before;
                }
            }
            double l;
            double h;
            if (before >= 0 && after >= 0) {
                double cb = mids[before];
                double ca = mids[after];
                double f = ca == cb ? 0 : (t - cb) / (ca - cb);
                double a = pLo[before] + f * (pLo[after] - pLo[before]);
                double b = pHi[before] + f * (pHi[after] - pHi[before]);
                l = min(a, b);
                h = max(a, b);
            } else if (before >= 0) {
                // Later than all of p: the session went on at most at p's own rate, and not back.
                l = pLo[before];
                h = pHi[before] + rate * (t - mids[before]);
            } else {
                l = pLo[after] - rate * (mids[after] - t);
                h = pHi[after];
            }
            l += pShift;
            h += pShift;
            lo[j] = l;
            hi[j] = h;
            largest = max(largest, max(0, max(qLo[j] + qShift - h, l - (qHi[j] + qShift))));
        }
        // The offsets (relative to the observed one) that keep box j within the largest residual
        // of its prediction form one interval; those keeping every box so are their intersection.
        double from = -Double.MAX_VALUE;
        double to = Double.MAX_VALUE;
        for (int j = 0; j < q.count; j++) {
            double ql = qLo[j] + qShift;
            double qh = qHi[j] + qShift;
            from = max(from, lo[j] - largest - qh);
            to = min(to, hi[j] + largest - ql);
        }
        return Math.min(1.0, (max(0, to - from) + 1) / DsnSpace.size(bits));
    }

    /**
     * {@code Math.max} for the values here, which are never NaN nor −0 (sums and differences of
     * whole offsets and of finite products): the C1 compiler of batch commands does not inline
     * {@code Math.max(double, double)} (45 bytes of bytecode), and the call cost more than the comparison.
     */
    private static double max(double a, double b) {
        return a >= b ? a : b;
    }

    /** {@code Math.min} for the values here (see {@link #max}). */
    private static double min(double a, double b) {
        return a <= b ? a : b;
    }

    static double mid(long t0, long t1) {
        return (t0 + (double) t1) / 2;
    }
}
