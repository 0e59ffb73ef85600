package io.bertstream.trainer.cli;

import picocli.CommandLine.Command;

/** {@code data fetch}: the default corpora into data/. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Fetch and prepare the default corpora.")
final class DataCommand implements Runnable {
    @Override
    public void run() {
        throw new CliError("data: not implemented yet");
    }
}
