package io.bertstream.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph builder and protobuf writer on small graphs: ONNX Runtime runs what it writes; mistakes are named. */
class OnnxGraphTest {
    @TempDir
    Path dir;

    @Test
    void writesAModelOnnxRuntimeRunsAndOpCountsReadsBack() throws Exception {
        OnnxGraph g = new OnnxGraph("small");
        g.input("x", ElementType.FLOAT, "batch_size", 3);
        g.initializer("w", new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        g.initializer("b", new float[] {0.5f, -0.5f}, 2);
        String y = g.node("dense/Add", "Add", List.of(g.node("dense/MatMul", "MatMul", List.of("x", "w"), "xw"), "b"), "y");
        g.node("top/TopK", "", "TopK", List.of(y, g.initializer("k", new long[] {1}, 1)), List.of("best", "best_index"),
                Attribute.i("axis", -1));
        g.output("y", ElementType.FLOAT, "batch_size", 2);
        g.output("best_index", ElementType.INT64, "batch_size", 1);
        g.metadata("graph", "small");
        Path file = dir.resolve("small.onnx");
        g.write(file, "test", "a doc string");

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(env, new float[][] {{1, 0, 0}, {0, 1, -1}});
                OrtSession.Result r = s.run(Map.of("x", x))) {
            float[][] out = (float[][]) r.get("y").orElseThrow().getValue();
            assertArrayEquals(new float[] {1.5f, 1.5f}, out[0]);
            assertArrayEquals(new float[] {-1.5f, -2.5f}, out[1]);
            assertArrayEquals(new long[][] {{0}, {0}}, (long[][]) r.get("best_index").orElseThrow().getValue());
            assertEquals("small", s.getMetadata().getCustomMetadata().get("graph"));
            assertEquals("bertstream", s.getMetadata().getProducerName());
        }
        assertEquals(Map.of("MatMul", 1, "Add", 1, "TopK", 1), OnnxOpCounts.of(file));
    }

    @Test
    void mistakesAreNamed() {
        OnnxGraph g = new OnnxGraph("bad");
        g.input("x", ElementType.FLOAT, 2);
        message("value 'nowhere' is not defined", () -> g.node("n", "Relu", List.of("nowhere"), "y"));
        message("value name 'x' is empty or already defined", () -> g.initializer("x", new float[] {1, 2}, 2));
        message("initializer w: 3 values do not fill shape [2, 2]", () -> g.initializer("w", new float[3], 2, 2));
        message("graph output: value 'missing' is not defined", () -> g.output("missing", ElementType.FLOAT, 2));
        g.node("relu", "Relu", List.of("x"), "y");
        message("duplicate node name relu", () -> g.node("relu", "Relu", List.of("y"), "z"));
    }

    private static void message(String expected, Runnable r) {
        var e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
