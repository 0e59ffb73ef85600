package io.bertstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainValidationSplitTest {

    /** 900 "a", 100 "b", interleaved. */
    private static List<LabelledText> examples() {
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            out.add(new LabelledText("e" + i, "text " + i, i % 10 == 3 ? "b" : "a"));
        }
        return out;
    }

    @Test
    void stratifiedDisjointCompleteAndInFileOrder() {
        List<LabelledText> all = examples();
        TrainValidationSplit s = TrainValidationSplit.of(all, 0.2, 42);
        assertEquals(180, s.validation().stream().filter(e -> e.label().equals("a")).count());
        assertEquals(20, s.validation().stream().filter(e -> e.label().equals("b")).count());
        assertEquals(800, s.train().size());
        Set<LabelledText> union = new HashSet<>(s.train());
        union.addAll(s.validation());
        assertEquals(new HashSet<>(all), union);
        assertTrue(isInFileOrder(s.train(), all) && isInFileOrder(s.validation(), all));
    }

    @Test
    void sameInputsSameSplitAndAnotherSeedAnother() {
        TrainValidationSplit a = TrainValidationSplit.of(examples(), 0.1, 7);
        assertEquals(a, TrainValidationSplit.of(examples(), 0.1, 7));
        assertNotEquals(a.validation(), TrainValidationSplit.of(examples(), 0.1, 8).validation());
    }

    @Test
    void refusesFractionsThatLeaveNothing() {
        assertThrows(IllegalArgumentException.class, () -> TrainValidationSplit.of(examples(), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainValidationSplit.of(examples(), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainValidationSplit.of(examples(), Double.NaN, 1));
        List<LabelledText> two = List.of(new LabelledText("1", "x", "a"), new LabelledText("2", "y", "b"));
        assertThrows(IllegalArgumentException.class, () -> TrainValidationSplit.of(two, 0.1, 1));
    }

    private static boolean isInFileOrder(List<LabelledText> part, List<LabelledText> all) {
        int last = -1;
        for (LabelledText e : part) {
            int i = all.indexOf(e);
            if (i <= last) {
                return false;
            }
            last = i;
        }
        return true;
    }
}
