package io.bertstream.trainer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs a tool (npm, Maven) to completion and returns its standard output. */
final class ExternalCommand {
    private ExternalCommand() {}

    /**
     * Runs {@code command} in {@code workDir}. A tool that cannot be started, or that fails, is a
     * {@link DataSourceException} whose message names the tool and ends with {@code manualHint}.
     */
    static String run(List<String> command, Path workDir, String manualHint) throws IOException {
        Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectError(stderr.toFile())
                    .start();
        } catch (IOException e) {
            Files.deleteIfExists(stderr);
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new DataSourceException(
                    "'" + command.get(0) + "' is needed and could not be run (" + reason + "). " + manualHint, e);
        }
        try {
            process.getOutputStream().close();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new DataSourceException("'" + String.join(" ", command) + "' failed (exit " + exit + "): "
                        + tail(Files.readString(stderr, StandardCharsets.UTF_8)) + "\n" + manualHint);
            }
            return stdout;
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= 2000 ? trimmed : "..." + trimmed.substring(trimmed.length() - 2000);
    }
}
