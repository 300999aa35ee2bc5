package dev.sampo.mptcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.sampo.flow.IpAddress;
import java.util.List;

/**
 * An MPTCP option as immutable data: what callers keep from a {@link MptcpOptionView}, and the
 * option part of the {@code sampo.packets} wire schema. Absent fields are null and omitted from
 * JSON; 64-bit fields are unsigned decimal numbers.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "subtype")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MptcpOption.MpCapable.class, name = "MP_CAPABLE"),
    @JsonSubTypes.Type(value = MptcpOption.MpJoin.class, name = "MP_JOIN"),
    @JsonSubTypes.Type(value = MptcpOption.Dss.class, name = "DSS"),
    @JsonSubTypes.Type(value = MptcpOption.AddAddr.class, name = "ADD_ADDR"),
    @JsonSubTypes.Type(value = MptcpOption.RemoveAddr.class, name = "REMOVE_ADDR"),
    @JsonSubTypes.Type(value = MptcpOption.MpPrio.class, name = "MP_PRIO"),
    @JsonSubTypes.Type(value = MptcpOption.MpFail.class, name = "MP_FAIL"),
    @JsonSubTypes.Type(value = MptcpOption.MpFastclose.class, name = "MP_FASTCLOSE"),
    @JsonSubTypes.Type(value = MptcpOption.MpTcpRst.class, name = "MP_TCPRST"),
    @JsonSubTypes.Type(value = MptcpOption.Unknown.class, name = "UNKNOWN")
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface MptcpOption {

    record MpCapable(
            int version,
            int flags,
            @JsonProperty("sender_key") @JsonSerialize(using = UnsignedLongSerializer.class)
            @JsonDeserialize(using = UnsignedLongDeserializer.class) Long senderKey,
            @JsonProperty("receiver_key") @JsonSerialize(using = UnsignedLongSerializer.class)
            @JsonDeserialize(using = UnsignedLongDeserializer.class) Long receiverKey,
            @JsonProperty("dll") Integer dataLevelLength,
            Integer checksum) implements MptcpOption {
    }

    record MpJoin(
            Long token,
            Long nonce,
            @JsonSerialize(using = UnsignedLongSerializer.class)
            @JsonDeserialize(using = UnsignedLongDeserializer.class) Long hmac,
            Boolean backup,
            @JsonProperty("addr_id") Integer addrId) implements MptcpOption {
    }

    record Dss(
            @JsonSerialize(using = UnsignedLongSerializer.class)
            @JsonDeserialize(using = UnsignedLongDeserializer.class) Long dsn,
            Long ssn,
            Integer dll,
            @JsonProperty("data_ack") @JsonSerialize(using = UnsignedLongSerializer.class)
            @JsonDeserialize(using = UnsignedLongDeserializer.class) Long dataAck,
            @JsonProperty("data_fin") boolean dataFin,
            @JsonProperty("dsn_bytes") Integer dsnBytes,
            @JsonProperty("data_ack_bytes") Integer dataAckBytes,
            Integer checksum) implements MptcpOption {
    }

    record AddAddr(
            int version,
            Boolean echo,
            @JsonProperty("addr_id") Integer addrId,
            IpAddress address,
            Integer port,
            @JsonSerialize(using = UnsignedLongSerializer.class)
            @JsonDeserialize(using = UnsignedLongDeserializer.class) Long hmac) implements MptcpOption {
    }

    record RemoveAddr(@JsonProperty("addr_ids") List<Integer> addrIds) implements MptcpOption {
    }

    record MpPrio(boolean backup, @JsonProperty("addr_id") Integer addrId) implements MptcpOption {
    }

    record MpFail(
            @JsonSerialize(using = UnsignedLongSerializer.class)
            @JsonDeserialize(using = UnsignedLongDeserializer.class) Long dsn) implements MptcpOption {
    }

    record MpFastclose(
            @JsonProperty("receiver_key") @JsonSerialize(using = UnsignedLongSerializer.class)
            @JsonDeserialize(using = UnsignedLongDeserializer.class) Long receiverKey) implements MptcpOption {
    }

    record MpTcpRst(int flags, Integer reason) implements MptcpOption {
    }

    /** A subtype this decoder does not know (e.g. MP_EXPERIMENTAL 0xf), or one too short to name. */
    record Unknown(int length) implements MptcpOption {
    }

    /** Copies a decoded option slot into its immutable form. */
    static MptcpOption of(MptcpOptionView v) {
        return switch (v.subtype) {
            case MP_CAPABLE -> new MpCapable(v.version, v.flags,
                    v.has(MptcpOptionView.SENDER_KEY) ? v.senderKey : null,
                    v.has(MptcpOptionView.RECEIVER_KEY) ? v.receiverKey : null,
                    v.has(MptcpOptionView.DATA_LEVEL_LENGTH) ? v.dataLevelLength : null,
                    v.has(MptcpOptionView.CHECKSUM) ? v.checksum : null);
            case MP_JOIN -> new MpJoin(
                    v.has(MptcpOptionView.TOKEN) ? v.token : null,
                    v.has(MptcpOptionView.NONCE) ? v.nonce : null,
                    v.has(MptcpOptionView.HMAC) ? v.hmac : null,
                    v.has(MptcpOptionView.BACKUP) ? v.backup : null,
                    v.has(MptcpOptionView.ADDR_ID) ? v.addrId : null);
            case DSS -> new Dss(
                    v.has(MptcpOptionView.DSN) ? v.dsn : null,
                    v.has(MptcpOptionView.SSN) ? v.ssn : null,
                    v.has(MptcpOptionView.DATA_LEVEL_LENGTH) ? v.dataLevelLength : null,
                    v.has(MptcpOptionView.DATA_ACK) ? v.dataAck : null,
                    v.dataFin,
                    v.dsnBytes > 0 ? v.dsnBytes : null,
                    v.dataAckBytes > 0 ? v.dataAckBytes : null,
                    v.has(MptcpOptionView.CHECKSUM) ? v.checksum : null);
            case ADD_ADDR -> new AddAddr(v.version, v.version == 1 ? v.echo : null,
                    v.has(MptcpOptionView.ADDR_ID) ? v.addrId : null,
                    v.has(MptcpOptionView.ADDRESS) ? new IpAddress(v.addressHi, v.addressLo) : null,
                    v.has(MptcpOptionView.PORT) ? v.port : null,
                    v.has(MptcpOptionView.HMAC) ? v.hmac : null);
            case REMOVE_ADDR -> {
                Integer[] ids = new Integer[v.removedCount];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = v.removedIds[i];
                }
                yield new RemoveAddr(List.of(ids));
            }
            case MP_PRIO -> new MpPrio(v.backup, v.has(MptcpOptionView.ADDR_ID) ? v.addrId : null);
            case MP_FAIL -> new MpFail(v.has(MptcpOptionView.DSN) ? v.dsn : null);
            case MP_FASTCLOSE -> new MpFastclose(v.has(MptcpOptionView.RECEIVER_KEY) ? v.receiverKey : null);
            case MP_TCPRST -> new MpTcpRst(v.flags, v.has(MptcpOptionView.REASON) ? v.reason : null);
            case UNKNOWN -> new Unknown(v.length);
        };
    }
}
