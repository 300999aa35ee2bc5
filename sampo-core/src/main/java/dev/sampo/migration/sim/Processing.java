package dev.sampo.migration.sim;

import dev.sampo.migration.nf.Packet;

/**
 * One application of a packet to an instance's state.
 *
 * @param order position among all processings of the run: a total order even at equal times
 * @param output whether the NF produced output (false for a reprocessing replay)
 * @param hadCriticalState false when the instance lacked the subflow's mapping
 */
record Processing(long order, long atMicros, Side side, boolean output, boolean hadCriticalState, Packet packet) {
}
