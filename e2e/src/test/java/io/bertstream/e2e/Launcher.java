package io.bertstream.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./bertstream} as a user does, in a separate process, and captures what it prints. */
final class Launcher {

    record Result(int exitCode, String output) {}

    static final Path HOME = Path.of(System.getProperty("bertstream.home", "..")).toAbsolutePath().normalize();

    private Launcher() {}

    static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("bertstream").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true);
        pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("./bertstream " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
