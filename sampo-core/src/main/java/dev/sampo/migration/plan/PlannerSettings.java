package dev.sampo.migration.plan;

/**
 * The planner's knobs; {@link #DEFAULTS} are the P4 elastic-scaling thesis's values.
 *
 * @param queueThreshold an instance is overloaded when its queue rises and exceeds this many
 *     packets (default 20, the thesis's experiments)
 * @param margin fraction of capacity kept free: the volume to move is the overload plus this
 *     fraction of the source's capacity, and a destination must keep this fraction free after the
 *     move (default 0.10)
 * @param newInstanceCapacityPps capacity of an instance the planner spawns (default 250 pps)
 * @param maxInstances the planner never runs more instances than this (default 16)
 * @param minInstances scale-in never goes below this many instances (default 1)
 * @param instancePrefix names of spawned instances: prefix then a counter (default "nf-")
 */
public record PlannerSettings(double queueThreshold, double margin, double newInstanceCapacityPps, int maxInstances,
        int minInstances, String instancePrefix) {
    public static final PlannerSettings DEFAULTS = new PlannerSettings(20, 0.10, 250, 16, 1, "nf-");

    public PlannerSettings {
        if (!(queueThreshold >= 0 && margin >= 0 && margin < 1 && newInstanceCapacityPps > 0)) {
            throw new IllegalArgumentException("planner settings: queueThreshold ≥ 0, 0 ≤ margin < 1 and"
                    + " newInstanceCapacityPps > 0 are required");
        }
        if (minInstances < 1 || maxInstances < minInstances) {
            throw new IllegalArgumentException("planner settings: 1 ≤ minInstances ≤ maxInstances is required, got "
                    + minInstances + ".." + maxInstances);
        }
    }
}
