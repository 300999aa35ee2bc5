package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import dev.sampo.mptcp.Keys;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketRecord;

/**
 * Turns one packet into evidence on its subflow: keys and tokens, DSS mappings and DATA_ACKs
 * placed into the right DSN space, ISN bounds, counters.
 */
public final class EvidenceCollector {
    private final AssociationConfig config;

    public EvidenceCollector(AssociationConfig config) {
        this.config = config;
    }

    /**
     * Adds a packet to its subflow's evidence, creating the evidence on the subflow's first MPTCP
     * packet: plain TCP, or an MPTCP subflow not yet seen with an option, is not tracked.
     *
     * @param s the subflow's evidence so far, or null
     * @return the evidence after the packet, or null while the subflow has shown no MPTCP option
     */
    public SubflowEvidence apply(PacketRecord p, SubflowId id, SubflowEvidence s) {
        if (s == null) {
            if (p.mptcp().isEmpty()) {
                return null;
            }
            s = new SubflowEvidence(id, config.boxesPerTrack());
        }
        collect(p, id, s);
        return s;
    }

    /**
     * Retention at a period boundary: a subflow idle past the timeout is dropped (false), and
     * evidence older than the horizon is expired from the rest.
     */
    public boolean retain(SubflowEvidence s, long nowMicros) {
        if (s.lastSeen < nowMicros - config.idleTimeoutMicros()) {
            return false;
        }
        s.expire(nowMicros - config.horizonMicros());
        return true;
    }

    /** What retention at a boundary did to a subflow's evidence. */
    public enum Retention {
        /** Nothing expired. */
        KEPT,
        /** Boxes older than the horizon were dropped. */
        EXPIRED,
        /** Idle past the timeout: the subflow is to be dropped. */
        TIMED_OUT
    }

    /** {@link #retain}, saying whether anything changed: a stream stage sends evidence only when it did. */
    public Retention retention(SubflowEvidence s, long nowMicros) {
        int boxes = s.tracks[0].count() + s.tracks[1].count();
        if (!retain(s, nowMicros)) {
            return Retention.TIMED_OUT;
        }
        return s.tracks[0].count() + s.tracks[1].count() == boxes ? Retention.KEPT : Retention.EXPIRED;
    }

    /**
     * The time (µs) after which {@link #retain} next changes this evidence, if no packet comes:
     * the idle timeout, or the oldest box passing the horizon. The first boundary past it is the
     * only one where a subflow without packets needs looking at.
     */
    public long nextExpiry(SubflowEvidence s) {
        long next = s.lastSeen + config.idleTimeoutMicros();
        for (Track t : s.tracks) {
            for (int i = 0; i < t.count(); i++) {
                next = Math.min(next, t.t1(i) + config.horizonMicros());
            }
        }
        return next;
    }

    /** @return whether the packet carried any MPTCP option */
    public boolean collect(PacketRecord p, SubflowEvidence s) {
        return collect(p, s.id, s);
    }

    /**
     * {@link #collect(PacketRecord, SubflowEvidence)} with the packet's subflow id (equal to the
     * evidence's): the engine has just made it from the packet, where the evidence's own id is
     * likely out of cache at a million live subflows.
     */
    private boolean collect(PacketRecord p, SubflowId id, SubflowEvidence s) {
        long t = p.tsMicros();
        s.firstSeen = Math.min(s.firstSeen, t);
        s.lastSeen = Math.max(s.lastSeen, t);
        s.packets++;
        s.payloadBytes += p.len();
        s.samplingRate = Math.max(s.samplingRate, p.samplingRate());
        int dir = id.direction(p.src(), p.sport());
        if (p.has(Packet.SYN)) {
            s.isn[dir].fromSyn(p.seq());
        }
        for (MptcpOption o : p.mptcp()) {
            // ADD_ADDR, REMOVE_ADDR, MP_FAIL, MP_TCPRST and unknown subtypes say nothing about
            // which session a subflow belongs to.
            if (o instanceof MptcpOption.Dss d) {
                dss(p, d, dir, s);
            } else if (o instanceof MptcpOption.MpCapable c) {
                capable(p, c, s);
            } else if (o instanceof MptcpOption.MpJoin j) {
                join(j, s);
            } else if (o instanceof MptcpOption.MpFastclose f) {
                fastClose(f, s);
            } else if (o instanceof MptcpOption.MpPrio prio) {
                s.backup = prio.backup();
            }
        }
        return !p.mptcp().isEmpty();
    }

    private void dss(PacketRecord p, MptcpOption.Dss d, int dir, SubflowEvidence s) {
        long t = p.tsMicros();
        int bits = config.dsnBits();
        if (d.dataAck() != null) {
            // A DATA_ACK sent in direction dir acknowledges the other direction's DSN space.
            int ackBits = Math.min(bits, d.dataAckBytes() == 8 ? 64 : 32);
            s.tracks[1 - dir].addAck(t, DsnSpace.truncate(d.dataAck(), ackBits), ackBits);
            s.firstEvidence = Math.min(s.firstEvidence, t);
        }
        if (d.dsn() != null && d.dll() != null) {
            int dsnBits = Math.min(bits, d.dsnBytes() == 8 ? 64 : 32);
            long dsn = d.dsn();
            long length = d.dll();
            if (d.ssn() != null && p.len() > 0) {
                IsnBounds isn = s.isn[dir];
                isn.fromMapping(p.seq(), d.ssn(), d.dll(), p.len());
                if (isn.exact()) {
                    long off = isn.offsetInMapping(p.seq(), d.ssn(), d.dll(), p.len());
                    if (off >= 0) {
                        dsn += off;
                        length = p.len();
                    }
                }
            }
            s.tracks[dir].addData(t, DsnSpace.truncate(dsn, dsnBits), dsnBits, length);
            s.firstEvidence = Math.min(s.firstEvidence, t);
        }
    }

    private void capable(PacketRecord p, MptcpOption.MpCapable c, SubflowEvidence s) {
        if (!config.useTokens()) {
            return;
        }
        int version = c.version();
        if (c.senderKey() != null) {
            long token = Keys.token(c.senderKey(), version);
            s.addToken(token);
            // A SYN/ACK's key (or a v0 SYN/ACK's) belongs to the passive opener.
            if (p.has(Packet.SYN) && p.has(Packet.ACK)) {
                s.responderToken = token;
            }
        }
        if (c.receiverKey() != null) {
            // In the third ACK the receiver is the passive opener.
            long token = Keys.token(c.receiverKey(), version);
            s.addToken(token);
            s.responderToken = token;
        }
    }

    private void join(MptcpOption.MpJoin j, SubflowEvidence s) {
        if (j.backup() != null && j.backup()) {
            s.backup = true;
        }
        if (config.useTokens() && j.token() != null) {
            s.addToken(j.token());
            if (s.responderToken < 0) {
                s.responderToken = j.token();
            }
        }
    }

    private void fastClose(MptcpOption.MpFastclose f, SubflowEvidence s) {
        if (config.useTokens() && f.receiverKey() != null) {
            // The option does not say its version: both hashes are labels, and the one that is
            // not this session's token matches no other subflow except by a 2^-32 accident.
            s.addToken(Keys.token(f.receiverKey(), 0));
            s.addToken(Keys.token(f.receiverKey(), 1));
        }
    }
}
