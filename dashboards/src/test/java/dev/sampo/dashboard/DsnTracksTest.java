package dev.sampo.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.PacketRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DSN tracks stay within their bounds, keep the latest points, and know each point's direction. */
class DsnTracksTest {
    private static final IpAddress CLIENT = IpAddress.parse("10.100.1.2");
    private static final IpAddress SERVER = IpAddress.parse("10.100.0.2");

    private static PacketRecord dss(int clientPort, boolean fromClient, long ts, Long dsn) {
        List<MptcpOption> options = List.of(new MptcpOption.Dss(dsn, 1L, 100, null, false, dsn == null ? null : 8,
                null, null));
        return fromClient
                ? new PacketRecord(ts, ts, null, CLIENT, clientPort, SERVER, 5000, 1, 1, 100, 0x18, 1, null, options)
                : new PacketRecord(ts, ts, null, SERVER, 5000, CLIENT, clientPort, 1, 1, 100, 0x18, 1, null, options);
    }

    @Test
    void keepsTheLatestPointsOfTheMostRecentlyUpdatedSubflows() {
        DsnTracks tracks = new DsnTracks(2, 3);
        for (long i = 1; i <= 5; i++) {
            tracks.add(dss(40000, true, i, 1000 * i));
        }
        tracks.add(dss(40000, true, 6, null)); // a DATA_ACK only: no point
        SubflowId first = SubflowId.of(CLIENT, 40000, SERVER, 5000);
        assertEquals(List.of(3000L, 4000L, 5000L), tracks.points(first).stream().map(DsnTracks.Point::dsn).toList());

        tracks.add(dss(40001, false, 7, 9L));
        tracks.add(dss(40002, true, 8, 10L));
        assertEquals(2, tracks.subflows());
        assertTrue(tracks.points(first).isEmpty(), "the least recently updated subflow goes first");
        DsnTracks.Point reverse = tracks.points(SubflowId.of(CLIENT, 40001, SERVER, 5000)).get(0);
        // 10.100.0.2 < 10.100.1.2: the server is the lower endpoint, so its packet goes from the lower one.
        assertTrue(reverse.fromLower());
    }
}
