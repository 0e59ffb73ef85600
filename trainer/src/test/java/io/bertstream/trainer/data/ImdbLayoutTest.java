package io.bertstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bertstream.trainer.data.ImdbLayout.Label;
import io.bertstream.trainer.data.ImdbLayout.Split;
import org.junit.jupiter.api.Test;

class ImdbLayoutTest {
    final ImdbLayout layout = ImdbLayout.ACL_IMDB;

    @Test
    void quartersAreTestNegTrainNegTestPosTrainPos() {
        assertEquals(Split.TEST, layout.split(0));
        assertEquals(Split.TEST, layout.split(12_499));
        assertEquals(Split.TRAIN, layout.split(12_500));
        assertEquals(Split.TRAIN, layout.split(24_999));
        assertEquals(Split.TEST, layout.split(25_000));
        assertEquals(Split.TRAIN, layout.split(37_500));
        assertEquals(Split.TRAIN, layout.split(49_999));
        assertEquals(Label.NEGATIVE, layout.check(24_999, 0));
        assertEquals(Label.POSITIVE, layout.check(25_000, 1));
        assertEquals("[0,12500) test/neg, [12500,25000) train/neg, [25000,37500) test/pos, [37500,50000) train/pos",
                layout.describe());
    }

    @Test
    void aLabelAgainstTheLayoutOrAnExtraReviewFails() {
        assertThrows(DataSourceException.class, () -> layout.check(100, 1));
        assertThrows(DataSourceException.class, () -> layout.check(30_000, 0));
        assertThrows(DataSourceException.class, () -> layout.check(5, 2));
        assertThrows(DataSourceException.class, () -> layout.check(50_000, 1));
    }
}
