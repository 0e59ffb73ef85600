package io.bertstream.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The trainer's command line: one entry, one subcommand per job. {@code ./bertstream} calls it. */
@Command(
        name = "bertstream",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "BERT from scratch in plain Java: data, vocabulary, training, evaluation, export.",
        subcommands = {
            DataCommand.class,
            VocabCommand.class,
            TokenizeCommand.class,
            PretrainCommand.class,
            FinetuneCommand.class,
            EvalCommand.class,
            PredictCommand.class,
            ExportCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured picocli instance; user mistakes print a message and exit 2, with no stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        return cl;
    }
}
