package dev.sampo.association;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges a subflow against a session rather than against one sibling (issue 17, point 2): the
 * session's members' tracks of each DSN space are joined into one track, denser in time than any
 * member's, which predicts where the session was at each of the subflow's samples
 * ({@link TimePrediction}); the comparison is a pair's ({@link PairJudge#assess}), so proximity
 * is computed for the session's combined extent. A member's spaces are placed by the orientation
 * in which it agrees best with the member holding the most boxes (the anchor, the lowest id among
 * equals); a member sharing no space with the anchor is left out.
 */
final class SessionJudge {
    private final PairJudge pairs;

    SessionJudge(AssociationConfig config) {
        this.pairs = new PairJudge(config);
    }

    /** The subflow {@code x} against the union of {@code members} (x not among them). */
    PairJudge.Assessment assess(SubflowEvidence x, List<SubflowEvidence> members) {
        return assess(List.of(x), members);
    }

    /** The union of {@code side}'s tracks against the union of {@code members}' (disjoint sets of subflows). */
    PairJudge.Assessment assess(List<SubflowEvidence> side, List<SubflowEvidence> members) {
        return pairs.assess(union(side), union(members), Math.max(samplingRate(side), samplingRate(members)));
    }

    /** The tracks of {@code members}, per space of the anchor (null where none holds evidence). */
    private UnpackedTrack[] union(List<SubflowEvidence> members) {
        SubflowEvidence anchor = members.get(0);
        for (SubflowEvidence m : members) { // the most boxes, the lowest id among equals: the order given does not matter
            if (boxes(m) > boxes(anchor) || (boxes(m) == boxes(anchor) && m.id.compareTo(anchor.id) < 0)) {
                anchor = m;
            }
        }
        UnpackedTrack[] anchorTracks = PairJudge.unpacked(anchor);
        if (members.size() == 1) {
            return anchorTracks;
        }
        List<List<UnpackedTrack>> spaces = List.of(new ArrayList<>(), new ArrayList<>());
        for (SubflowEvidence m : members) {
            UnpackedTrack[] tracks = m == anchor ? anchorTracks : PairJudge.unpacked(m);
            int orientation = 0;
            if (m != anchor) {
                PairJudge.Assessment a = pairs.assess(anchorTracks, tracks, Math.max(anchor.samplingRate, m.samplingRate));
                if (!a.compared()) {
                    continue;
                }
                orientation = a.chanceCrossed() ? 1 : 0;
            }
            for (int space = 0; space < 2; space++) {
                if (tracks[space ^ orientation] != null) {
                    spaces.get(space).add(tracks[space ^ orientation]);
                }
            }
        }
        UnpackedTrack[] session = new UnpackedTrack[2];
        for (int space = 0; space < 2; space++) {
            session[space] = spaces.get(space).isEmpty() ? null : UnpackedTrack.union(spaces.get(space));
        }
        return session;
    }

    private static int samplingRate(List<SubflowEvidence> members) {
        int rate = 1;
        for (SubflowEvidence m : members) {
            rate = Math.max(rate, m.samplingRate);
        }
        return rate;
    }

    private static int boxes(SubflowEvidence s) {
        return s.tracks[0].count() + s.tracks[1].count();
    }
}
