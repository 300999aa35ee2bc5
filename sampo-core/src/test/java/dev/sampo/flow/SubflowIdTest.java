package dev.sampo.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SubflowIdTest {
    @Test
    void theTextFormRoundTripsCanonically() {
        SubflowId id = SubflowId.parse("10.0.0.2:80-10.0.0.1:5000");
        assertEquals("10.0.0.1:5000-10.0.0.2:80", id.toString());
        assertEquals(id, SubflowId.parse(id.toString()));
        SubflowId v6 = SubflowId.parse("[2001:db8::1]:443-[2001:db8::2]:40000");
        assertEquals(v6, SubflowId.parse(v6.toString()));
    }

    @Test
    void anyOtherTextIsAnIllegalArgumentNotSomeOtherException() {
        for (String bad : new String[] {"", "garbage", "a-b", ":1-:2", "10.0.0.1-10.0.0.2", "10.0.0.1:x-10.0.0.2:1",
                "10.0.0.1:1-10.0.0.2:70000", "[::1:1-[::2]:2", "10.0.0.1:1-"}) {
            assertThrows(IllegalArgumentException.class, () -> SubflowId.parse(bad), bad);
        }
    }
}
