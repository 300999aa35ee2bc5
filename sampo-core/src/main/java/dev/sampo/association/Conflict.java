package dev.sampo.association;

import dev.sampo.flow.SubflowId;

/** Two subflows that ended up in one group although some evidence says they are distinct. */
public record Conflict(String session, SubflowId a, SubflowId b, String reason, double phiDistinct) {
}
