package io.bertstream.trainer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code data}: the default corpora. Its only job for now is {@code data fetch}. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Fetch and prepare the default corpora.",
        subcommands = {DataFetchCommand.class})
final class DataCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
