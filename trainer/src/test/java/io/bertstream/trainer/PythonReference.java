package io.bertstream.trainer;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The independent references some tests run (PyTorch, the ONNX checker): Debian's Python, which
 * sees Debian's packages (not the pyenv {@code python3} first on PATH), and the check scripts under
 * {@code trainer/scripts/}.
 */
public final class PythonReference {

    public static final String PYTHON = "/usr/bin/python3";

    private PythonReference() {}

    /** {@code trainer/scripts/NAME}, from the module or the repository root; null when absent. */
    public static Path script(String name) {
        for (Path p : List.of(Path.of("scripts", name), Path.of("trainer", "scripts", name))) {
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    /** Whether {@link #PYTHON} exists and can {@code import module}. */
    public static boolean canImport(String module) throws InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) return false;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code script} with {@code args}; fails the test with its output when it fails. */
    public static void run(Path script, Path... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        for (Path a : args) command.add(a.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) fail("python reference failed:\n" + log);
    }
}
