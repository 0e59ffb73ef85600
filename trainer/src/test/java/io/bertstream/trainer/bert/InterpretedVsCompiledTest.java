package io.bertstream.trainer.bert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bertstream.trainer.autograd.Parallel;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.nn.DropoutSeeds;
import io.bertstream.trainer.train.AdamW;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training is reproducible to the bit whether the kernels run in the interpreter or compiled by
 * C2: a few training steps in a child JVM started with {@code -Xint} end with exactly the weights
 * that the same steps give here after warm-up. (The Vector API's own lane sums and exp differ in
 * the last bit between the two, which made a resumed run drift from an uninterrupted one.)
 */
class InterpretedVsCompiledTest {

    private static final int THREADS = 2;

    @TempDir
    Path dir;

    @Test
    void weightsAfterTrainingStepsAreTheSameBitsInterpretedAndCompiled() throws Exception {
        List<Float> compiled = null;
        for (int warm = 0; warm < 40; warm++) compiled = trainedWeights();

        Path out = dir.resolve("interpreted.bin");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xint",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                InterpretedVsCompiledTest.class.getName(), out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        if (!child.waitFor(5, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the -Xint run took over 5 minutes");
        }
        assertEquals(0, child.exitValue(), () -> "the -Xint run failed: " + read(dir.resolve("child.log")));
        try (var in = new java.io.DataInputStream(Files.newInputStream(out))) {
            assertEquals(compiled.size(), in.readInt());
            for (int i = 0; i < compiled.size(); i++) {
                float interpreted = in.readFloat();
                assertEquals(Float.floatToRawIntBits(compiled.get(i)), Float.floatToRawIntBits(interpreted),
                        "weight " + i + ": compiled " + compiled.get(i) + ", interpreted " + interpreted);
            }
        }
    }

    /** Run by the {@code -Xint} child: the weights after training, written as floats. */
    public static void main(String[] args) throws IOException {
        List<Float> weights = trainedWeights();
        try (var data = new DataOutputStream(Files.newOutputStream(Path.of(args[0])))) {
            data.writeInt(weights.size());
            for (float w : weights) data.writeFloat(w);
        }
    }

    /** Three steps of MLM+NSP training with dropout on a fixed batch (lengths that leave vector tails). */
    private static List<Float> trainedWeights() {
        Parallel.setThreads(THREADS);
        BertConfig config = new BertConfig(45, 24, 2, 2, 40, 16, 2, 0.1f, 0.1f, 1e-12f, 0.02f);
        BertForPreTraining model = new BertForPreTraining(config, 11);
        int[] ids = {2, 10, 4, 12, 3, 13, 4, 3, 9, 2, 20, 21, 4, 3, 23, 24, 3, 0};
        int[] types = {0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0};
        int[] mask = new int[ids.length];
        for (int i = 0; i < ids.length; i++) mask[i] = ids[i] == 0 ? 0 : 1;
        BertInput in = new BertInput(2, 9, ids, types, mask);
        PretrainingTargets targets = new PretrainingTargets(new int[] {2, 6, 12}, new int[] {11, 14, 22}, new int[] {0, 1});
        AdamW adam = new AdamW(model.parameters(), 0.9f, 0.999f, 1e-6f, 0.01f);
        for (int step = 0; step < 3; step++) {
            model.parameters().zeroGrad();
            model.forward(in, targets, new DropoutSeeds(1, step, 0)).loss().backward();
            adam.step(1e-2f);
        }
        List<Float> weights = new ArrayList<>();
        for (Tensor p : model.parameters().named().values()) {
            for (float w : p.data()) weights.add(w);
        }
        return weights;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
