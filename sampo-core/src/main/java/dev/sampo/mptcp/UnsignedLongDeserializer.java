package dev.sampo.mptcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw ctxt.weirdNumberException(p.getNumberValue(), Long.class, "not an integer");
        }
        Long v = unsigned(p);
        if (v == null) {
            throw ctxt.weirdNumberException(p.getNumberValue(), Long.class, "not an unsigned 64-bit value");
        }
        return v;
    }

    /**
     * The current integer token as the two's-complement long of an unsigned 64-bit value, or null
     * when it is negative or above 2^64 − 1. A negative number is not what the serializer writes for
     * any value: it would silently alias a value above 2^63, so it is refused like any out-of-range one.
     */
    public static Long unsigned(JsonParser p) throws IOException {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            BigInteger v = p.getBigIntegerValue();
            return v.signum() < 0 || v.bitLength() > 64 ? null : v.longValue();
        }
        long v = p.getLongValue();
        return v < 0 ? null : v;
    }
}
