package io.bertstream.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.nn.Parameters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AdamW, the schedule and clipping against values worked out by hand from their definitions. */
class OptimizerTest {

    @Test
    void adamWMatchesTheUpdateRuleAndSkipsDecayWhereItShould() {
        Parameters params = new Parameters(1);
        Tensor w = params.truncatedNormal("layer.weight", 0.5f, 3);
        Tensor b = params.constant("layer.bias", 0.25f, 3);
        float[] w0 = w.data().clone(), b0 = b.data().clone();
        float[] g1 = {0.5f, -2f, 1e-3f}, g2 = {-1f, 0.5f, 0f};
        float lr = 0.1f, wd = 0.01f, b1 = 0.9f, b2 = 0.999f, eps = 1e-6f;
        AdamW adam = new AdamW(params, b1, b2, eps, wd);
        for (float[] g : List.of(g1, g2)) {
            w.sum().backward();                 // creates the gradient arrays ...
            b.sum().backward();
            System.arraycopy(g, 0, w.gradArray(), 0, 3);   // ... then sets them
            System.arraycopy(g, 0, b.gradArray(), 0, 3);
            adam.step(lr);
        }
        for (int i = 0; i < 3; i++) {
            // two steps of m = β1 m + (1-β1) g, v = β2 v + (1-β2) g², bias-corrected, in double
            double m = (1 - b1) * g1[i], v = (1 - b2) * g1[i] * g1[i];
            double step1 = lr * (m / (1 - b1)) / (Math.sqrt(v / (1 - b2)) + eps);
            double m2 = b1 * m + (1 - b1) * g2[i], v2 = b2 * v + (1 - b2) * g2[i] * g2[i];
            double step2 = lr * (m2 / (1 - b1 * b1)) / (Math.sqrt(v2 / (1 - b2 * b2)) + eps);
            double wExpected = (w0[i] * (1 - lr * wd) - step1) * (1 - lr * wd) - step2;
            double bExpected = b0[i] - step1 - step2;
            assertEquals(wExpected, w.data()[i], 1e-5, "weight " + i);
            assertEquals(bExpected, b.data()[i], 1e-5, "bias " + i + " (no decay)");
        }
        assertEquals(2, adam.steps());
    }

    @Test
    void scheduleWarmsUpLinearlyThenDecaysToZero() {
        LinearSchedule s = new LinearSchedule(1e-3f, 10, 110);
        assertEquals(1e-4f, s.at(0), 1e-9);
        assertEquals(1e-3f, s.at(9), 1e-9);
        assertEquals(1e-3f, s.at(10), 1e-9);
        assertEquals(5e-4f, s.at(60), 1e-9);
        assertEquals(1e-5f, s.at(109), 1e-9);
    }

    @Test
    void clippingScalesToTheGlobalNorm() {
        Tensor a = Tensor.zeros(2).requiresGrad(true), b = Tensor.zeros(1).requiresGrad(true);
        a.sum().backward();
        b.sum().backward();
        a.gradArray()[0] = 3f;
        a.gradArray()[1] = 0f;
        b.gradArray()[0] = 4f;
        assertEquals(5.0, GradientClipping.clip(List.of(a, b), 1.0), 1e-9);
        assertEquals(0.6f, a.gradArray()[0], 1e-5);
        assertEquals(0.8f, b.gradArray()[0], 1e-5);
        assertEquals(1.0, GradientClipping.clip(List.of(a, b), 2.0), 1e-5, "below the limit: unchanged");
    }
}
