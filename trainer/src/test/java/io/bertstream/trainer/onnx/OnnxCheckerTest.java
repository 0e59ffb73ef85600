package io.bertstream.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void bundleGraphsPassTheOnnxChecker() throws Exception {
        Path script = script();
        assumeTrue(script != null, "trainer/scripts/check_onnx.py not found");
        assumeTrue(onnxAvailable(), PYTHON + " cannot import onnx (apt-get install -y python3-onnx); ONNX checker skipped");
        var config = RandomBertWeights.tinyConfig();
        for (boolean contrib : List.of(false, true)) {
            new BundleWriter(config, RandomBertWeights.create(config, 9, 2), BundleWriterTest.tokenizer()).contribAttention(contrib)
                    .write(dir.resolve(contrib ? "contrib" : "plain"));
        }

        Process p = new ProcessBuilder(PYTHON, script.toString(), dir.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "checker timed out");
        System.out.print(log);
        assertEquals(0, p.exitValue(), "ONNX checker:\n" + log);
        assertEquals(2 * BertGraph.values().length, log.lines().filter(l -> l.startsWith("ok ")).count(), "every graph checked:\n" + log);
    }

    private static Path script() {
        for (String p : List.of("scripts/check_onnx.py", "trainer/scripts/check_onnx.py")) {
            if (Files.isRegularFile(Path.of(p))) return Path.of(p);
        }
        return null;
    }

    private static boolean onnxAvailable() throws InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) return false;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import onnx.checker").redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
