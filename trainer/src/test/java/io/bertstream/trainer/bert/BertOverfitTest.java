package io.bertstream.trainer.bert;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.trainer.nn.DropoutSeeds;
import io.bertstream.trainer.train.AdamW;
import org.junit.jupiter.api.Test;

/** The whole model can learn: a handful of masked sentences and NSP labels are memorised to near-zero loss. */
class BertOverfitTest {

    @Test
    void memorisesAHandfulOfSentences() {
        BertConfig config = new BertConfig(40, 32, 2, 2, 64, 16, 2, 0.1f, 0.1f, 1e-12f, 0.02f);
        BertForPreTraining model = new BertForPreTraining(config, 7);
        // Four sequences of length 8 (the last one padded): [CLS]=2 ... [SEP]=3, [MASK]=4, [PAD]=0.
        int[] ids = {
            2, 10, 4, 12, 3, 13, 4, 3,
            2, 20, 21, 4, 3, 23, 24, 3,
            2, 4, 31, 32, 3, 33, 4, 3,
            2, 15, 4, 3, 16, 3, 0, 0};
        int[] types = {
            0, 0, 0, 0, 0, 1, 1, 1,
            0, 0, 0, 0, 0, 1, 1, 1,
            0, 0, 0, 0, 0, 1, 1, 1,
            0, 0, 0, 0, 1, 1, 0, 0};
        int[] mask = new int[32];
        for (int i = 0; i < 32; i++) mask[i] = ids[i] == 0 ? 0 : 1;
        BertInput in = new BertInput(4, 8, ids, types, mask);
        PretrainingTargets targets = new PretrainingTargets(
                new int[] {2, 6, 11, 17, 22, 26},
                new int[] {11, 14, 22, 30, 34, 17},
                new int[] {0, 1, 0, 1});

        AdamW adam = new AdamW(model.parameters(), 0.9f, 0.999f, 1e-6f, 0.01f);
        float first = Float.NaN, last = Float.NaN;
        for (int step = 0; step < 150; step++) {
            model.parameters().zeroGrad();
            PretrainingOutput out = model.forward(in, targets, new DropoutSeeds(1, step, 0));
            out.loss().backward();
            adam.step(3e-3f);
            if (step == 0) first = out.loss().item();
            last = out.loss().item();
        }
        PretrainingOutput eval = model.forward(in, targets, null);
        System.out.printf("overfit: loss %.4f -> %.4f (train), %.4f (eval)%n", first, last, eval.loss().item());
        assertTrue(first > 3f, "starts near ln(40) + ln(2): " + first);
        assertTrue(eval.loss().item() < 0.05f, "eval loss after 150 steps: " + eval.loss().item());
    }
}
