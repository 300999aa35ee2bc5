package dev.sampo.migration.plan;

import java.util.List;

/** What the planner decided about one instance in one round. */
public sealed interface Decision {
    /** The instance the decision is about: the overloaded one, or the one retired. */
    String instance();

    /**
     * Move these sessions, in order.
     *
     * @param spawn the instance to start first (a scale-out), or null
     * @param retire the instance to stop once the plans are done (a scale-in), or null
     */
    record Move(String instance, List<MigrationPlan> plans, String spawn, String retire) implements Decision {
        public Move {
            plans = List.copyOf(plans);
        }

        public double volumePps() {
            return plans.stream().mapToDouble(MigrationPlan::ratePps).sum();
        }
    }

    /**
     * The instance is overloaded and no set of whole sessions fits anywhere within the margins.
     *
     * @param volumePps the volume that had to move
     * @param why what failed, for the operator
     */
    record NoSolution(String instance, double volumePps, String why) implements Decision {
    }
}
