package dev.sampo.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kernel ground truth in the lab's {@code truth.json} format:
 * {@code {"sessions": [{"token": "…", "subflows": [[ip, port, ip, port], …]}, …]}}.
 */
public record Truth(List<List<SubflowId>> sessions) {
    private static final String FORMAT = "expected the lab's truth.json: "
            + "{\"sessions\": [{\"token\": …, \"subflows\": [[ip, port, ip, port], …]}, …]}";

    public static Truth read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "); " + FORMAT, e);
        }
        JsonNode list = root == null ? null : root.get("sessions");
        if (list == null || !list.isArray()) {
            throw new IOException(file + ": no \"sessions\" array; " + FORMAT);
        }
        List<List<SubflowId>> sessions = new ArrayList<>();
        for (JsonNode s : list) {
            List<SubflowId> subflows = new ArrayList<>();
            JsonNode members = s.get("subflows");
            if (members == null || !members.isArray()) {
                throw new IOException(file + ": a session without a \"subflows\" array; " + FORMAT);
            }
            for (JsonNode sf : members) {
                if (sf.size() != 4) {
                    throw new IOException(file + ": a subflow must be [ip, port, ip, port], got " + sf);
                }
                subflows.add(SubflowId.of(IpAddress.parse(sf.get(0).asText()), sf.get(1).asInt(),
                        IpAddress.parse(sf.get(2).asText()), sf.get(3).asInt()));
            }
            sessions.add(List.copyOf(subflows));
        }
        return new Truth(List.copyOf(sessions));
    }

    /** Each truth subflow and the index of its session. */
    public Map<SubflowId, Integer> sessionOf() {
        Map<SubflowId, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < sessions.size(); i++) {
            for (SubflowId id : sessions.get(i)) {
                m.put(id, i);
            }
        }
        return m;
    }
}
