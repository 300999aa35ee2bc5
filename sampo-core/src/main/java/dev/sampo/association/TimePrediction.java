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
        double rate = p.rate;
        double[] lo = new double[q.count];
        double[] hi = new double[q.count];
        double largest = 0;
        double[] mids = p.mid;
        int[] order = p.byMid;
        int passed = 0; // p's boxes (in mid order) at or before the current time
        // q's boxes in mid order, so that p's time-neighbours only move forward: O(p + q), not O(p · q)
        for (int r = 0; r < q.count; r++) {
            int j = q.byMid[r];
            double t = q.mid[j];
            while (passed < p.count && mids[order[passed]] <= t) {
                passed++;
            }
            // p's time-neighbours of t: the latest box at or before it and the earliest at or after
            // it, the lowest index among boxes at one time (the first of their run in mid order)
            int before = -1;
            int after = passed < p.count ? order[passed] : -1;
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
            if (before >= 0 && after >= 0) {
                double cb = mids[before];
                double ca = mids[after];
                double f = ca == cb ? 0 : (t - cb) / (ca - cb);
                double l = p.lo[before] + f * (p.lo[after] - p.lo[before]);
                double h = p.hi[before] + f * (p.hi[after] - p.hi[before]);
                lo[j] = Math.min(l, h);
                hi[j] = Math.max(l, h);
            } else if (before >= 0) {
                // Later than all of p: the session went on at most at p's own rate, and not back.
                lo[j] = p.lo[before];
                hi[j] = p.hi[before] + rate * (t - mids[before]);
            } else {
                lo[j] = p.lo[after] - rate * (mids[after] - t);
                hi[j] = p.hi[after];
            }
            lo[j] += pShift;
            hi[j] += pShift;
            double residual = Math.max(0, Math.max(q.lo[j] + qShift - hi[j], lo[j] - (q.hi[j] + qShift)));
            largest = Math.max(largest, residual);
        }
        // The offsets (relative to the observed one) that keep box j within the largest residual
        // of its prediction form one interval; those keeping every box so are their intersection.
        double from = -Double.MAX_VALUE;
        double to = Double.MAX_VALUE;
        for (int j = 0; j < q.count; j++) {
            double ql = q.lo[j] + qShift;
            double qh = q.hi[j] + qShift;
            from = Math.max(from, lo[j] - largest - qh);
            to = Math.min(to, hi[j] + largest - ql);
        }
        return Math.min(1.0, (Math.max(0, to - from) + 1) / DsnSpace.size(bits));
    }

    static double mid(long t0, long t1) {
        return (t0 + (double) t1) / 2;
    }
}
