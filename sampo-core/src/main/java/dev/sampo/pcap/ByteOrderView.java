package dev.sampo.pcap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads fixed-width integers straight out of a byte[] in a capture's byte order. The VarHandle
 * views compile to single loads, so a record header costs a few instructions rather than a
 * virtual call per byte as with DataInputStream. Captures pick their byte order once per file
 * (or per pcapng section), so callers pass a boolean and the branch predicts perfectly.
 */
final class ByteOrderView {
    private static final VarHandle I16_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16_BE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I32_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32_BE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I64_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private ByteOrderView() {
    }

    static int uint16(byte[] b, int at, boolean bigEndian) {
        short v = bigEndian ? (short) I16_BE.get(b, at) : (short) I16_LE.get(b, at);
        return v & 0xFFFF;
    }

    static int int32(byte[] b, int at, boolean bigEndian) {
        return bigEndian ? (int) I32_BE.get(b, at) : (int) I32_LE.get(b, at);
    }

    static long uint32(byte[] b, int at, boolean bigEndian) {
        return Integer.toUnsignedLong(int32(b, at, bigEndian));
    }

    static long int64(byte[] b, int at, boolean bigEndian) {
        return bigEndian ? (long) I64_BE.get(b, at) : (long) I64_LE.get(b, at);
    }
}
