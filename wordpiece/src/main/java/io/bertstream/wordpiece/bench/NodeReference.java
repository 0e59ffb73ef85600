package io.bertstream.wordpiece.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hugging Face tokenizers through Node, as the reference for tests and the benchmark: finds
 * {@code node} and {@code npm}, installs the npm packages {@code tokenizers} (the Rust library's
 * binding) and {@code @huggingface/tokenizers} (transformers.js's tokenizer), pinned, into a
 * working folder and runs scripts there. Optional: nothing in the product needs Node.
 */
public final class NodeReference {

    public static final String TOKENIZERS_VERSION = "0.23.2";
    /** Tokenizers.js, the pure-JavaScript tokenizer of transformers.js. */
    public static final String TOKENIZERS_JS_VERSION = "0.2.0";
    private static final long INSTALL_TIMEOUT_MINUTES = 5;

    private final Path dir;

    private NodeReference(Path dir) {
        this.dir = dir;
    }

    /** Thrown when Node, npm or the package is not available; the message says why. */
    public static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    /** Installs the reference into {@code dir} (once; later calls reuse it). */
    public static NodeReference prepare(Path dir) throws Unavailable, IOException {
        requireTool("node");
        requireTool("npm");
        Files.createDirectories(dir);
        if (!installed(dir, "tokenizers", TOKENIZERS_VERSION) || !installed(dir, "@huggingface/tokenizers", TOKENIZERS_JS_VERSION)) {
            Files.writeString(dir.resolve("package.json"), "{\"name\":\"bertstream-hf-reference\",\"private\":true,"
                    + "\"dependencies\":{\"tokenizers\":\"" + TOKENIZERS_VERSION + "\",\"@huggingface/tokenizers\":\"" + TOKENIZERS_JS_VERSION + "\"}}\n");
            Result r = exec(dir, INSTALL_TIMEOUT_MINUTES, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
            if (r.exitCode != 0) {
                throw new Unavailable("npm install tokenizers@" + TOKENIZERS_VERSION + " @huggingface/tokenizers@"
                        + TOKENIZERS_JS_VERSION + " failed: " + r.output.strip());
            }
        }
        NodeReference ref = new NodeReference(dir);
        Result check = exec(dir, 1, "node", "-e", "require('tokenizers')");
        if (check.exitCode != 0) {
            throw new Unavailable("the tokenizers package does not load on this platform: " + check.output.strip());
        }
        return ref;
    }

    private static boolean installed(Path dir, String pkg, String version) throws IOException {
        Path manifest = dir.resolve("node_modules").resolve(pkg).resolve("package.json");
        return Files.isRegularFile(manifest) && Files.readString(manifest).contains("\"version\": \"" + version + "\"");
    }

    /** Copies a script (a classpath resource or a file) into the working folder and runs it there. */
    public Result run(Path script, long timeoutMinutes, String... args) throws IOException {
        Path target = dir.resolve(script.getFileName().toString());
        Files.copy(script, target, StandardCopyOption.REPLACE_EXISTING);
        return runCopied(target, timeoutMinutes, args);
    }

    /** Runs a script shipped as a classpath resource next to {@code anchor}. */
    public Result runResource(Class<?> anchor, String name, long timeoutMinutes, String... args) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " missing");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return runCopied(target, timeoutMinutes, args);
    }

    private Result runCopied(Path script, long timeoutMinutes, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("node", script.getFileName().toString()));
        cmd.addAll(List.of(args));
        return exec(dir, timeoutMinutes, cmd.toArray(String[]::new));
    }

    /**
     * Downloads an npm package's tarball with {@code npm pack} (no code of it runs) and unpacks it
     * under {@code cacheDir}; returns the unpacked {@code package} folder.
     */
    public static Path fetchPackage(String spec, Path cacheDir) throws Unavailable, IOException {
        requireTool("npm");
        Path unpacked = cacheDir.resolve(spec.replaceAll("[^A-Za-z0-9._-]", "_"));
        Path done = unpacked.resolve(".complete");
        if (Files.exists(done)) {
            return unpacked.resolve("package");
        }
        Files.createDirectories(unpacked);
        Result pack = exec(unpacked, INSTALL_TIMEOUT_MINUTES, "npm", "pack", spec, "--loglevel=error");
        if (pack.exitCode != 0) {
            throw new Unavailable("npm pack " + spec + " failed: " + pack.output.strip());
        }
        String tgz = pack.output.strip().lines().reduce((a, b) -> b).orElse("");
        Result untar = exec(unpacked, INSTALL_TIMEOUT_MINUTES, "tar", "xzf", tgz);
        if (untar.exitCode != 0) {
            throw new Unavailable("tar xzf " + tgz + " failed: " + untar.output.strip());
        }
        Files.delete(unpacked.resolve(tgz));
        Files.writeString(done, spec + "\n");
        return unpacked.resolve("package");
    }

    private static void requireTool(String tool) throws Unavailable {
        try {
            Result r = exec(Path.of("."), 1, tool, "--version");
            if (r.exitCode != 0) {
                throw new Unavailable(tool + " --version failed: " + r.output.strip());
            }
        } catch (IOException e) {
            throw new Unavailable(tool + " not found on PATH");
        }
    }

    /** Exit code and the merged stdout/stderr of a finished command. */
    public record Result(int exitCode, String output) {}

    private static Result exec(Path workDir, long timeoutMinutes, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        // The reference runs on one thread, like the Java side of every comparison.
        pb.environment().put("TOKENIZERS_PARALLELISM", "false");
        pb.environment().put("RAYON_NUM_THREADS", "1");
        Path log = Files.createTempFile("node-reference", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(124, String.join(" ", cmd) + ": timed out after " + timeoutMinutes + " min");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
