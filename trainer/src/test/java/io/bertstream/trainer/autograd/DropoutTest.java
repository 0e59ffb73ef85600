package io.bertstream.trainer.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Dropout's mask: the right rate, scaled survivors, a function of the seed only. */
class DropoutTest {
    @Test
    void dropsAboutPAndScalesTheRest() {
        Tensor x = Tensor.full(1f, 100_003);
        float[] y = x.dropout(0.25f, 9).toArray();
        int dropped = 0;
        for (float v : y) {
            if (v == 0f) dropped++;
            else assertEquals(1f / 0.75f, v, 1e-6f);
        }
        assertEquals(0.25, dropped / (double) y.length, 0.01, "dropped fraction");
    }

    @Test
    void sameSeedSameMaskOtherSeedOtherMask() {
        Tensor x = Tensor.randn(1, 1f, 37, 41);
        float[] a = x.dropout(0.5f, 3).toArray();
        assertArrayEquals(a, x.dropout(0.5f, 3).toArray());
        assertFalse(Arrays.equals(a, x.dropout(0.5f, 4).toArray()));
    }

    @Test
    void vectorLanesAndScalarTailAgree() {
        // the last elements of an odd-sized tensor go through the scalar path; a slice of a larger
        // tensor's mask must agree with the same elements computed by vector lanes
        int n = 1001;
        float[] all = Tensor.full(1f, n).dropout(0.5f, 77).toArray();
        float[] head = Tensor.full(1f, n - 3).dropout(0.5f, 77).toArray();
        assertArrayEquals(Arrays.copyOf(all, n - 3), head);
        int kept = 0;
        for (float v : all) if (v != 0f) kept++;
        assertTrue(kept > 400 && kept < 600, "kept " + kept);
    }
}
