package dev.sampo.mptcp;

import static dev.sampo.bytes.Bytes.u16;
import static dev.sampo.bytes.Bytes.u32;
import static dev.sampo.bytes.Bytes.u64;

import dev.sampo.flow.IpAddress;

/**
 * Decodes the body of one TCP option of kind 30 (MPTCP), all subtypes of RFC 6824 (v0) and
 * RFC 8684 (v1). Reads only inside {@code [off, off + available)}: a field that does not fit is
 * left absent, so an option cut by a snaplen or an sFlow header record decodes as far as it goes.
 */
public final class MptcpOptionDecoder {
    private MptcpOptionDecoder() {
    }

    /**
     * @param b the buffer
     * @param off offset of the option's kind byte
     * @param length the option's length byte
     * @param available bytes of the option present in the buffer; more than {@code length} is
     *     read as {@code length}, so no field is ever taken from the option that follows
     * @return false if the option is malformed (a length no subtype allows); {@code out} then
     *     holds what could be read
     */
    public static boolean decode(byte[] b, int off, int length, int available, MptcpOptionView out) {
        available = Math.max(0, Math.min(available, length));
        if (available < 3) {
            out.reset(MptcpSubtype.UNKNOWN, -1, length, available);
            return length >= 3;
        }
        int subtypeByte = b[off + 2] & 0xFF;
        MptcpSubtype subtype = MptcpSubtype.of(subtypeByte >>> 4);
        out.reset(subtype, subtypeByte >>> 4, length, available);
        int end = off + available;
        return switch (subtype) {
            case MP_CAPABLE -> mpCapable(b, off, end, length, subtypeByte, out);
            case MP_JOIN -> mpJoin(b, off, end, length, subtypeByte, out);
            case DSS -> dss(b, off, end, length, out);
            case ADD_ADDR -> addAddr(b, off, end, length, subtypeByte, out);
            case REMOVE_ADDR -> removeAddr(b, off, end, length, out);
            case MP_PRIO -> mpPrio(b, off, end, length, subtypeByte, out);
            case MP_FAIL -> keyed(b, off, end, length, out, false);
            case MP_FASTCLOSE -> keyed(b, off, end, length, out, true);
            case MP_TCPRST -> tcpRst(b, off, end, length, subtypeByte, out);
            case UNKNOWN -> true;
        };
    }

    private static boolean mpCapable(byte[] b, int off, int end, int length, int st, MptcpOptionView o) {
        o.version = st & 0x0F;
        if (off + 4 > end) {
            return length == 4 || length == 12 || length == 20 || length == 22 || length == 24;
        }
        o.flags = b[off + 3] & 0xFF;
        // Lengths: 4 (v1 SYN), 12 (one key), 20 (both keys), 22/24 (v1 third ACK with data
        // level length, and checksum).
        if (length != 4 && length != 12 && length != 20 && length != 22 && length != 24) {
            return false;
        }
        int p = off + 4;
        if (length >= 12 && p + 8 <= end) {
            o.senderKey = u64(b, p);
            o.present |= MptcpOptionView.SENDER_KEY;
        }
        p += 8;
        if (length >= 20 && p + 8 <= end) {
            o.receiverKey = u64(b, p);
            o.present |= MptcpOptionView.RECEIVER_KEY;
        }
        p += 8;
        if (length >= 22 && p + 2 <= end) {
            o.dataLevelLength = u16(b, p);
            o.present |= MptcpOptionView.DATA_LEVEL_LENGTH;
        }
        p += 2;
        if (length >= 24 && p + 2 <= end) {
            o.checksum = u16(b, p);
            o.present |= MptcpOptionView.CHECKSUM;
        }
        return true;
    }

    private static boolean mpJoin(byte[] b, int off, int end, int length, int st, MptcpOptionView o) {
        o.backup = (st & 0x01) != 0;
        switch (length) {
            case 12 -> { // SYN: address id, receiver's token, sender's nonce
                o.present |= MptcpOptionView.BACKUP;
                if (off + 4 <= end) {
                    o.addrId = b[off + 3] & 0xFF;
                    o.present |= MptcpOptionView.ADDR_ID;
                }
                if (off + 8 <= end) {
                    o.token = u32(b, off + 4);
                    o.present |= MptcpOptionView.TOKEN;
                }
                if (off + 12 <= end) {
                    o.nonce = u32(b, off + 8);
                    o.present |= MptcpOptionView.NONCE;
                }
                return true;
            }
            case 16 -> { // SYN/ACK: address id, truncated HMAC, sender's nonce
                o.present |= MptcpOptionView.BACKUP;
                if (off + 4 <= end) {
                    o.addrId = b[off + 3] & 0xFF;
                    o.present |= MptcpOptionView.ADDR_ID;
                }
                if (off + 12 <= end) {
                    o.hmac = u64(b, off + 4);
                    o.present |= MptcpOptionView.HMAC;
                }
                if (off + 16 <= end) {
                    o.nonce = u32(b, off + 12);
                    o.present |= MptcpOptionView.NONCE;
                }
                return true;
            }
            case 24 -> { // third ACK: the full 160-bit HMAC; its first 64 bits are kept
                o.backup = false;
                if (off + 12 <= end) {
                    o.hmac = u64(b, off + 4);
                    o.present |= MptcpOptionView.HMAC;
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean dss(byte[] b, int off, int end, int length, MptcpOptionView o) {
        if (off + 4 > end) {
            return length >= 4;
        }
        int flags = b[off + 3] & 0xFF;
        o.flags = flags;
        boolean hasAck = (flags & 0x01) != 0;
        boolean ack8 = (flags & 0x02) != 0;
        boolean hasMap = (flags & 0x04) != 0;
        boolean dsn8 = (flags & 0x08) != 0;
        o.dataFin = (flags & 0x10) != 0;
        int ackBytes = hasAck ? (ack8 ? 8 : 4) : 0;
        int mapBytes = hasMap ? (dsn8 ? 8 : 4) + 4 + 2 : 0;
        int expected = 4 + ackBytes + mapBytes;
        // The checksum is present exactly when the length leaves room for it.
        if (length != expected && !(hasMap && length == expected + 2)) {
            return false;
        }
        int p = off + 4;
        if (hasAck) {
            o.dataAckBytes = ackBytes;
            if (p + ackBytes <= end) {
                o.dataAck = ack8 ? u64(b, p) : u32(b, p);
                o.present |= MptcpOptionView.DATA_ACK;
            }
            p += ackBytes;
        }
        if (hasMap) {
            int dsnBytes = dsn8 ? 8 : 4;
            o.dsnBytes = dsnBytes;
            if (p + dsnBytes <= end) {
                o.dsn = dsn8 ? u64(b, p) : u32(b, p);
                o.present |= MptcpOptionView.DSN;
            }
            p += dsnBytes;
            if (p + 4 <= end) {
                o.ssn = u32(b, p);
                o.present |= MptcpOptionView.SSN;
            }
            p += 4;
            if (p + 2 <= end) {
                o.dataLevelLength = u16(b, p);
                o.present |= MptcpOptionView.DATA_LEVEL_LENGTH;
            }
            p += 2;
            if (length == expected + 2 && p + 2 <= end) {
                o.checksum = u16(b, p);
                o.present |= MptcpOptionView.CHECKSUM;
            }
        }
        return true;
    }

    private static boolean addAddr(byte[] b, int off, int end, int length, int st, MptcpOptionView o) {
        int low = st & 0x0F;
        boolean v6;
        boolean hasPort;
        boolean hasHmac;
        if (low == 4 || low == 6) {
            // RFC 6824: the low nibble is the IP version; no HMAC, optional port.
            o.version = 0;
            v6 = low == 6;
            int base = v6 ? 20 : 8;
            if (length != base && length != base + 2) {
                return false;
            }
            hasPort = length == base + 2;
            hasHmac = false;
        } else {
            // RFC 8684: the low bit is E (echo); family, port and HMAC follow from the length.
            o.version = 1;
            o.echo = (low & 0x01) != 0;
            switch (length) {
                case 8, 10, 16, 18 -> v6 = false;
                case 20, 22, 28, 30 -> v6 = true;
                default -> {
                    return false;
                }
            }
            int base = v6 ? 20 : 8;
            int rest = length - base;
            hasPort = rest == 2 || rest == 10;
            hasHmac = rest >= 8;
            if (hasHmac == o.echo) {
                return false;
            }
        }
        o.addressFamily = v6 ? 6 : 4;
        if (off + 4 <= end) {
            o.addrId = b[off + 3] & 0xFF;
            o.present |= MptcpOptionView.ADDR_ID;
        }
        int p = off + 4;
        int addrLen = v6 ? 16 : 4;
        if (p + addrLen <= end) {
            if (v6) {
                o.addressHi = u64(b, p);
                o.addressLo = u64(b, p + 8);
            } else {
                o.addressHi = 0;
                o.addressLo = IpAddress.V4_MAPPED_PREFIX | u32(b, p);
            }
            o.present |= MptcpOptionView.ADDRESS;
        }
        p += addrLen;
        if (hasPort) {
            if (p + 2 <= end) {
                o.port = u16(b, p);
                o.present |= MptcpOptionView.PORT;
            }
            p += 2;
        }
        if (hasHmac && p + 8 <= end) {
            o.hmac = u64(b, p);
            o.present |= MptcpOptionView.HMAC;
        }
        return true;
    }

    private static boolean removeAddr(byte[] b, int off, int end, int length, MptcpOptionView o) {
        if (length < 4) {
            return false;
        }
        // The TCP option space bounds the list; the array bound protects direct callers.
        for (int p = off + 3; p < end && o.removedCount < o.removedIds.length; p++) {
            o.removedIds[o.removedCount++] = b[p] & 0xFF;
        }
        return true;
    }

    private static boolean mpPrio(byte[] b, int off, int end, int length, int st, MptcpOptionView o) {
        if (length != 3 && length != 4) {
            return false;
        }
        o.backup = (st & 0x01) != 0;
        o.present |= MptcpOptionView.BACKUP;
        if (length == 4 && off + 4 <= end) {
            o.addrId = b[off + 3] & 0xFF;
            o.present |= MptcpOptionView.ADDR_ID;
        }
        return true;
    }

    /** MP_FAIL (a 64-bit DSN) and MP_FASTCLOSE (the receiver's key) share one layout. */
    private static boolean keyed(byte[] b, int off, int end, int length, MptcpOptionView o, boolean fastClose) {
        if (length != 12) {
            return false;
        }
        if (off + 12 <= end) {
            long value = u64(b, off + 4);
            if (fastClose) {
                o.receiverKey = value;
                o.present |= MptcpOptionView.RECEIVER_KEY;
            } else {
                o.dsn = value;
                o.dsnBytes = 8;
                o.present |= MptcpOptionView.DSN;
            }
        }
        return true;
    }

    private static boolean tcpRst(byte[] b, int off, int end, int length, int st, MptcpOptionView o) {
        if (length != 4) {
            return false;
        }
        o.flags = st & 0x0F;
        if (off + 4 <= end) {
            o.reason = b[off + 3] & 0xFF;
            o.present |= MptcpOptionView.REASON;
        }
        return true;
    }
}
