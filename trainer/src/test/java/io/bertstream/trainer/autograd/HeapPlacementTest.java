package io.bertstream.trainer.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

class HeapPlacementTest {
    /**
     * The header size HeapPlacement infers from the JVM's options, against the array base offset
     * the JVM itself reports (sun.misc.Unsafe, here only as the reference).
     */
    @Test
    void firstAlignedFloatIsOnALineBoundaryPastTheRealArrayHeader() throws ReflectiveOperationException {
        Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        @SuppressWarnings("removal")
        int header = ((sun.misc.Unsafe) f.get(null)).arrayBaseOffset(float[].class);
        int at = HeapPlacement.FIRST_ALIGNED_FLOAT;
        assertEquals(0, (header + at * Float.BYTES) % 64, "header " + header + " bytes, first aligned float " + at);
        assertTrue(at < 16, "more than a line of padding: " + at);
    }

    @Test
    void regionOwnerSizeIsHalfAG1RegionUnderTheTestJvm() {
        long region = Long.parseLong(VmOptions.value("G1HeapRegionSize"));
        assertTrue(VmOptions.flag("UseG1GC", false), "the tests run on G1, the JVM's default");
        long bytes = (long) HeapPlacement.MIN_REGION_OWNER_FLOATS * Float.BYTES;
        assertTrue(bytes >= region / 2 && bytes <= region / 2 + Float.BYTES, bytes + " bytes for a region of " + region);
    }
}
