package io.bertstream.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.trainer.autograd.Parallel;
import io.bertstream.trainer.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options the training commands share: threads, resuming a run, the progress bar. */
final class RunControl {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--resume", description = "Continue the run in --out from its checkpoint, with the settings saved there.")
    boolean resume;

    @Option(names = "--threads", paramLabel = "N", description = "Compute threads (default: all processors, or BERTSTREAM_THREADS).")
    Integer threads;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    /** Sets the compute threads when --threads was given. */
    void applyThreads() {
        if (threads != null) {
            if (threads < 1) throw new CliError("--threads must be at least 1, got " + threads);
            Parallel.setThreads(threads);
        }
    }

    /**
     * With --resume: the checkpoint in {@code out}, whose saved settings are read into
     * {@code options} (the run continues as it started); without it, null.
     */
    Checkpoint.Loaded resumed(Path out, Object options) throws IOException {
        if (!resume) return null;
        Path file = out.resolve(Checkpoint.FILE);
        if (!Files.isRegularFile(file)) throw new CliError("--resume: no " + Checkpoint.FILE + " in " + out);
        Checkpoint.Loaded checkpoint = Checkpoint.load(file);
        JSON.readerForUpdating(options).readValue(checkpoint.run());
        return checkpoint;
    }
}
