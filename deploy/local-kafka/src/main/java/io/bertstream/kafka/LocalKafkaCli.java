package io.bertstream.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./bertstream kafka start|stop|status}: the local single-node broker. */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description = "The local single-node Apache Kafka broker (KRaft). Ignored when KAFKA_BOOTSTRAP_SERVERS is set.",
        subcommands = {LocalKafkaCli.Start.class, LocalKafkaCli.Stop.class, LocalKafkaCli.Status.class})
public final class LocalKafkaCli implements Runnable {

    static final int NOT_RUNNING = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new LocalKafkaCli());
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            if (ex instanceof BrokerStartException || ex instanceof IllegalArgumentException) {
                cmd.getErr().println("kafka " + cmd.getCommandName() + ": " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        System.exit(cl.execute(args));
    }

    static class DataDirOption {
        @Option(names = "--dir", defaultValue = "${sys:bertstream.home:-.}/var/kafka", description = "Broker data folder (default: ${DEFAULT-VALUE}).")
        Path dir;
    }

    static Optional<String> external() {
        return Optional.ofNullable(System.getenv(SharedBroker.BOOTSTRAP_ENV)).filter(s -> !s.isBlank());
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the broker and wait until it answers.")
    static final class Start implements Callable<Integer> {
        @CommandLine.Mixin
        DataDirOption data = new DataDirOption();

        @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--controller-port", defaultValue = "9093", description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
        int controllerPort;

        @Option(names = "--host", defaultValue = "localhost", description = "Host to bind and advertise (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--partitions", defaultValue = "3", description = "Partitions of auto-created topics (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--heap", defaultValue = "1g", description = "Broker JVM max heap (default: ${DEFAULT-VALUE}).")
        String heap;

        @Option(names = "--secure", description = "SASL/SCRAM-SHA-512 over TLS, with a self-signed CA made with keytool; "
                + "the client settings are written to client.properties and client.env in the data folder.")
        boolean secure;

        @Override
        public Integer call() {
            if (external().isPresent()) {
                System.out.println("KAFKA_BOOTSTRAP_SERVERS is set (" + external().get() + "): not starting a local broker.");
                return 0;
            }
            Optional<RunningBroker> running = LocalKafka.attach(data.dir);
            if (running.isPresent()) {
                System.out.println("Kafka already runs at " + running.get().bootstrapServers() + " (pid " + running.get().pid() + ", data " + data.dir + ")");
                return 0;
            }
            BrokerSettings defaults = BrokerSettings.defaults(data.dir);
            BrokerSettings settings = new BrokerSettings(data.dir, host, port, controllerPort, partitions,
                    defaults.startTimeout(), heap, defaults.extra(), secure);
            System.out.println("Starting Kafka " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
                    + " (KRaft, one node) in " + data.dir.toAbsolutePath() + " ...");
            RunningBroker broker = LocalKafka.start(settings, LocalKafka.Lifetime.DETACHED);
            System.out.println("Kafka is up at " + broker.bootstrapServers() + " (pid " + broker.pid() + ", log "
                    + data.dir.resolve("broker.log").toAbsolutePath().normalize() + ")");
            if (secure) {
                System.out.println("SASL_SSL: clients need the settings in " + ClientFiles.properties(data.dir).toAbsolutePath().normalize()
                        + "; for the services and ./bertstream produce/consume: set -a; . "
                        + ClientFiles.env(data.dir).toAbsolutePath().normalize() + "; set +a");
            }
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the broker (clean shutdown, then kill after 30 s).")
    static final class Stop implements Callable<Integer> {
        @CommandLine.Mixin
        DataDirOption data = new DataDirOption();

        @Override
        public Integer call() {
            Optional<RunningBroker> running = LocalKafka.attach(data.dir);
            if (running.isEmpty()) {
                System.out.println("Kafka is not running from " + data.dir.toAbsolutePath());
                return 0;
            }
            running.get().stop();
            System.out.println("Kafka stopped (pid " + running.get().pid() + "); its data stays in " + data.dir.toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether the broker is up and where (exit 0 up, 3 down).")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        DataDirOption data = new DataDirOption();

        @Override
        public Integer call() {
            String where;
            String owner;
            if (external().isPresent()) {
                where = external().get();
                owner = "KAFKA_BOOTSTRAP_SERVERS";
            } else {
                Optional<RunningBroker> running = LocalKafka.attach(data.dir);
                if (running.isEmpty()) {
                    System.out.println("Kafka is not running (no live broker in " + data.dir.toAbsolutePath() + ")");
                    return NOT_RUNNING;
                }
                where = running.get().bootstrapServers();
                owner = "pid " + running.get().pid() + ", data " + data.dir.toAbsolutePath();
            }
            try (BrokerProbe probe = new BrokerProbe(where, external().isPresent() ? Map.of() : ClientFiles.settings(data.dir))) {
                String description = probe.describe(Duration.ofSeconds(5));
                if (description == null) {
                    System.out.println("Kafka at " + where + " (" + owner + ") does not answer");
                    return NOT_RUNNING;
                }
                System.out.println("Kafka is up at " + where + " (" + owner + "): " + description);
                return 0;
            }
        }
    }
}
