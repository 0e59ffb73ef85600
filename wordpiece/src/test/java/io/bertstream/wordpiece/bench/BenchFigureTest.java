package io.bertstream.wordpiece.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchFigureTest {

    @Test
    void aFigureLineParsesBackToTheSameFigure() {
        BenchFigure f = BenchFigure.rate("tokenizer", "encode", "MB/s", 16.02, "HF tokenizers (node, 1 thread)", 0.51);
        BenchFigure back = BenchFigure.parse(f.line()).orElseThrow();
        assertEquals(f.stage(), back.stage());
        assertEquals(f.metric(), back.metric());
        assertEquals(f.baselineName(), back.baselineName());
        assertEquals(16.02, back.ours(), 1e-9);
        assertEquals(0.51, back.baseline(), 1e-9);
        assertTrue(back.higherIsBetter());
    }

    @Test
    void advantageIsOursOverBaselineForRatesAndTheInverseForTimes() {
        assertEquals(2.0, BenchFigure.rate("s", "m", "x/s", 10, "b", 5).advantage(), 1e-12);
        assertEquals(0.5, BenchFigure.time("s", "p99", "ms", 10, "b", 5).advantage(), 1e-12);
        BenchFigure missing = BenchFigure.parse(BenchFigure.rate("s", "m", "x/s", 10, "b", Double.NaN).line()).orElseThrow();
        assertTrue(Double.isNaN(missing.advantage()));
    }

    @Test
    void otherLinesAreNotFigures() {
        assertTrue(BenchFigure.parse("ratio java/HF: 31.4x").isEmpty());
        assertTrue(BenchFigure.parse("figure\tonly\tthree").isEmpty());
    }

    @Test
    void fieldsWithTabsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchFigure.rate("a\tb", "m", "u", 1, "b", 1));
    }
}
