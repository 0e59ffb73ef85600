package io.bertstream.trainer.autograd;

/**
 * Where the JVM puts a large float array, so that buffers inside it can start on 64-byte cache
 * lines. G1 gives an array of at least half a region a region of its own (a humongous object,
 * never moved), so its data starts a fixed header size past a region boundary. Under another
 * collector, or when the options cannot be read, nothing is known and no alignment is promised.
 */
final class HeapPlacement {
    private static final int LINE = 64;

    private HeapPlacement() {}

    /** Index of the first float on a line boundary in an array of at least {@link #MIN_REGION_OWNER_FLOATS}. */
    static final int FIRST_ALIGNED_FLOAT;
    /** Floats an array needs for G1 to give it a region of its own (0 when G1 is not in use). */
    static final int MIN_REGION_OWNER_FLOATS;

    static {
        long region = VmOptions.flag("UseG1GC", false) ? parse(VmOptions.value("G1HeapRegionSize")) : 0;
        MIN_REGION_OWNER_FLOATS = region == 0 ? 0 : (int) (region / 2 / Float.BYTES + 1); // G1 regions are at most 512 MB
        // header: mark word, class word (4 bytes when compressed, none of its own with compact headers), length
        int header = VmOptions.flag("UseCompactObjectHeaders", false) ? 12
                : VmOptions.flag("UseCompressedClassPointers", true) ? 16 : 20;
        FIRST_ALIGNED_FLOAT = (LINE - header % LINE) % LINE / Float.BYTES;
    }

    private static long parse(String v) {
        try {
            return v == null ? 0 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
