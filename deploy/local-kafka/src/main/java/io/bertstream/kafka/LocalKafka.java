package io.bertstream.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Starts a real Apache Kafka broker (KRaft, combined broker and controller, one node) in a child
 * JVM, from the Maven Central artifacts this module depends on, and waits until it answers.
 *
 * <p>The data folder holds everything: {@code server.properties}, {@code logs/} (the topics and the
 * metadata log), {@code broker.log} (what the broker printed) and {@code broker.pid} while it runs.
 */
public final class LocalKafka {

    /** Whether the broker dies with the JVM that started it (tests) or outlives it (the launcher). */
    public enum Lifetime {
        TIED_TO_THIS_JVM,
        DETACHED
    }

    private static final String CLASSPATH_RESOURCE = "broker.classpath";
    /** The SCRAM user the client files of a secured broker log in as. */
    static final String CLIENT_USER = "bertstream";
    private static final int LOG_TAIL_LINES = 40;

    private LocalKafka() {}

    public static RunningBroker start(BrokerSettings requested, Lifetime lifetime) {
        Path dir = requested.dataDir().toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BrokerStartException("cannot create the broker's data folder " + dir + ": " + e);
        }
        Optional<RunningBroker> running = attach(dir);
        if (running.isPresent()) {
            throw new BrokerStartException("a broker already runs from " + dir + " (pid " + running.get().pid()
                    + ", " + running.get().bootstrapServers() + "); stop it first");
        }
        BrokerSettings settings = withFreePorts(requested);
        requireFree(settings.host(), settings.port(), "client");
        requireFree(settings.host(), settings.controllerPort(), "controller");
        Path config = dir.resolve("server.properties");
        try {
            writeProperties(config, serverProperties(settings, dir));
            writeLog4jConfig(dir);
            Process process = new ProcessBuilder(command(settings, config, lifetime))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(dir).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
            Files.writeString(pidFile(dir), Long.toString(process.pid()));
            RunningBroker broker = new RunningBroker(process.toHandle(), settings);
            awaitReady(broker, settings.startTimeout());
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker in " + dir, e);
        }
    }

    /** The broker started earlier from {@code dataDir} (by this or another process), if it still runs. */
    public static Optional<RunningBroker> attach(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        Path pidFile = pidFile(dir);
        Path config = dir.resolve("server.properties");
        if (!Files.exists(pidFile) || !Files.exists(config)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (handle.isEmpty()) {
                return Optional.empty();
            }
            Properties props = new Properties();
            try (var reader = Files.newBufferedReader(config)) {
                props.load(reader);
            }
            BrokerSettings base = BrokerSettings.defaults(dir);
            String listener = props.getProperty("advertised.listeners");
            String[] advertised = listener.substring(listener.indexOf("://") + 3).split(":");
            String voter = props.getProperty("controller.quorum.voters");
            int controllerPort = Integer.parseInt(voter.substring(voter.lastIndexOf(':') + 1));
            BrokerSettings settings = new BrokerSettings(dir, advertised[0], Integer.parseInt(advertised[1]),
                    controllerPort, base.partitions(), base.startTimeout(), base.heap(), Map.of(), listener.startsWith("SASL_SSL"));
            return Optional.of(new RunningBroker(handle.get(), settings));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The client settings a broker started from {@code dataDir} wants (security); empty for plaintext. */
    public static Map<String, Object> clientSettings(Path dataDir) {
        return ClientFiles.settings(dataDir.toAbsolutePath());
    }

    /** The variable the services and the client tools read a Kafka client setting from: security.protocol -> KAFKA_SECURITY_PROTOCOL. */
    public static String environmentVariable(String clientSetting) {
        return "KAFKA_" + clientSetting.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }

    static Path pidFile(Path dataDir) {
        return dataDir.resolve("broker.pid");
    }

    static Path logFile(Path dataDir) {
        return dataDir.resolve("broker.log");
    }

    /** The last lines the broker printed, for error messages. */
    public static String logTail(Path dataDir) {
        Path log = logFile(dataDir.toAbsolutePath());
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /**
     * The broker's configuration; a secured one also gets its certificates, its SCRAM users
     * ({@code scram-users}: read by {@link BrokerMain} when it formats the storage, so made once per
     * data folder) and the client files.
     */
    private static Map<String, String> serverProperties(BrokerSettings settings, Path dir) throws IOException {
        if (!settings.secure()) {
            Files.deleteIfExists(ClientFiles.properties(dir));
            Files.deleteIfExists(ClientFiles.env(dir));
            return ServerProperties.of(settings, null, null);
        }
        TlsMaterial tls = TlsMaterial.ensure(dir);
        Path usersFile = dir.resolve(BrokerMain.SCRAM_USERS);
        if (!Files.exists(usersFile)) {
            Files.writeString(usersFile, ServerProperties.BROKER_USER + "=" + secret() + "\n" + CLIENT_USER + "=" + secret() + "\n");
        }
        Properties users = new Properties();
        try (var reader = Files.newBufferedReader(usersFile)) {
            users.load(reader);
        }
        ClientFiles.write(dir, settings.host() + ":" + settings.port(),
                ServerProperties.client(tls, CLIENT_USER, users.getProperty(CLIENT_USER)));
        return ServerProperties.of(settings, tls, users.getProperty(ServerProperties.BROKER_USER));
    }

    private static String secret() {
        byte[] bytes = new byte[12];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static void awaitReady(RunningBroker broker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (BrokerProbe probe = new BrokerProbe(broker.bootstrapServers(), ClientFiles.settings(broker.settings().dataDir()))) {
            while (true) {
                if (!broker.isAlive()) {
                    throw new BrokerStartException("the Kafka broker exited during start-up; the end of "
                            + broker.logFile() + ":" + System.lineSeparator() + logTail(broker.settings().dataDir()));
                }
                if (probe.answers(Duration.ofSeconds(2))) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    broker.kill();
                    throw new BrokerStartException("the Kafka broker did not answer on " + broker.bootstrapServers()
                            + " within " + timeout.toSeconds() + " s; the end of " + broker.logFile() + ":"
                            + System.lineSeparator() + logTail(broker.settings().dataDir()));
                }
            }
        }
    }

    private static List<String> command(BrokerSettings s, Path config, Lifetime lifetime) {
        Path dir = s.dataDir().toAbsolutePath();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + s.heap());
        cmd.add("-XX:+UseG1GC");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
        cmd.add("-Dkafka.logs.dir=" + dir);
        if (lifetime == Lifetime.TIED_TO_THIS_JVM) {
            cmd.add("-D" + BrokerMain.PARENT_PID + "=" + ProcessHandle.current().pid());
        }
        cmd.add("-cp");
        cmd.add(brokerClasspath());
        cmd.add(BrokerMain.class.getName());
        cmd.add(config.toString());
        return cmd;
    }

    /** This module's classes plus the broker's jars, as recorded at build time. */
    static String brokerClasspath() {
        try (InputStream in = LocalKafka.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new BrokerStartException("the broker classpath resource is missing from the local-kafka build");
            }
            String jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String self = Path.of(LocalKafka.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            return self + java.io.File.pathSeparator + jars;
        } catch (IOException | URISyntaxException e) {
            throw new BrokerStartException("cannot read the broker classpath: " + e);
        }
    }

    private static BrokerSettings withFreePorts(BrokerSettings s) {
        int port = s.port() == 0 ? freePort() : s.port();
        int controller = s.controllerPort();
        while (controller == 0 || controller == port) {
            controller = freePort();
        }
        return s.withPorts(port, controller);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void requireFree(String host, int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new BrokerStartException("the " + what + " port " + host + ":" + port
                    + " is in use (another broker? `./bertstream kafka status`); choose another with --"
                    + ("client".equals(what) ? "port" : "controller-port") + " (" + e.getMessage() + ")");
        }
    }

    private static void writeProperties(Path file, Map<String, String> props) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("# Written by bertstream's LocalKafka; rewritten at every start.\n");
            for (var e : props.entrySet()) {
                w.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
    }

    private static void writeLog4jConfig(Path dir) throws IOException {
        Files.writeString(dir.resolve("log4j2.properties"), """
                # The broker logs to stdout, which LocalKafka appends to broker.log.
                status = warn
                appender.out.type = Console
                appender.out.name = out
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = INFO
                rootLogger.appenderRef.out.ref = out
                logger.kafka.name = kafka
                logger.kafka.level = INFO
                logger.state.name = state.change.logger
                logger.state.level = WARN
                logger.cleaner.name = kafka.log.LogCleaner
                logger.cleaner.level = WARN
                """);
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
