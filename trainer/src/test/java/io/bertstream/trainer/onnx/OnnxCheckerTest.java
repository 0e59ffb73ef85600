package io.bertstream.trainer.onnx;

import io.bertstream.trainer.PythonReference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every graph of a bundle, with either attention form, passes the ONNX checker with full shape inference
 * ({@code trainer/scripts/check_onnx.py}). Runs when Debian's {@code /usr/bin/python3} has onnx
 * ({@code apt-get install -y python3-onnx}); skipped, with the reason, otherwise.
 */
class OnnxCheckerTest {

    @TempDir
    Path dir;

    @Test
    void bundleGraphsPassTheOnnxChecker() throws Exception {
        Path script = PythonReference.script("check_onnx.py");
        assumeTrue(script != null, "trainer/scripts/check_onnx.py not found");
        assumeTrue(PythonReference.canImport("onnx.checker"), PythonReference.PYTHON + " cannot import onnx (apt-get install -y python3-onnx); ONNX checker skipped");
        var config = RandomBertWeights.tinyConfig();
        for (boolean contrib : List.of(false, true)) {
            new BundleWriter(config, RandomBertWeights.create(config, 9, 2), BundleWriterTest.tokenizer()).contribAttention(contrib)
                    .write(dir.resolve(contrib ? "contrib" : "plain"));
        }

        Process p = new ProcessBuilder(PythonReference.PYTHON, script.toString(), dir.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "checker timed out");
        System.out.print(log);
        assertEquals(0, p.exitValue(), "ONNX checker:\n" + log);
        assertEquals(2 * BertGraph.values().length, log.lines().filter(l -> l.startsWith("ok ")).count(), "every graph checked:\n" + log);
    }
}
