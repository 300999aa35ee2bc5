package dev.sampo.mptcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.math.BigInteger;

/** Reads an unsigned decimal JSON number up to 2^64−1 into a long (two's complement). */
public final class UnsignedLongDeserializer extends StdDeserializer<Long> {
    private static final long serialVersionUID = 1L;

    public UnsignedLongDeserializer() {
        super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.currentToken().isNumeric()) {
            return (Long) ctxt.handleUnexpectedToken(Long.class, p);
        }
        return switch (p.getNumberType()) {
            case INT, LONG -> {
                // A negative number is not what the serializer writes for any value: it would
                // silently alias a value above 2^63, so it is rejected like any out-of-range one.
                long v = p.getLongValue();
                if (v < 0) {
                    throw ctxt.weirdNumberException(v, Long.class, "not an unsigned 64-bit value");
                }
                yield v;
            }
            case BIG_INTEGER -> {
                BigInteger v = p.getBigIntegerValue();
                if (v.signum() < 0 || v.bitLength() > 64) {
                    throw ctxt.weirdNumberException(v, Long.class, "not an unsigned 64-bit value");
                }
                yield v.longValue();
            }
            default -> throw ctxt.weirdNumberException(p.getNumberValue(), Long.class, "not an integer");
        };
    }
}
