package io.bertstream.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Entry point of the broker's child JVM: formats the KRaft storage on first use, then runs {@code
 * kafka.Kafka}. When started on behalf of a test JVM (system property {@value #PARENT_PID}), it exits
 * as soon as that JVM is gone, so a killed test run leaves no broker behind.
 */
public final class BrokerMain {

    static final String PARENT_PID = "bertstream.parent.pid";
    /** Beside server.properties: {@code user=password} lines, the SCRAM users made at format time. */
    static final String SCRAM_USERS = "scram-users";

    private BrokerMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BrokerMain <server.properties>");
            System.exit(2);
        }
        Path config = Path.of(args[0]);
        String parent = System.getProperty(PARENT_PID);
        if (parent != null) {
            watchParent(Long.parseLong(parent));
        }
        formatIfNeeded(config);
        kafka.Kafka.main(new String[] {config.toString()});
    }

    private static void formatIfNeeded(Path config) throws IOException {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(config)) {
            props.load(r);
        }
        Path logDir = Path.of(props.getProperty("log.dirs"));
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
        Path users = config.resolveSibling(SCRAM_USERS);
        if (Files.exists(users)) {
            Properties credentials = new Properties();
            try (Reader r = Files.newBufferedReader(users)) {
                credentials.load(r);
            }
            credentials.forEach((user, password) -> {
                args.add("--add-scram");
                args.add(ServerProperties.SCRAM + "=[name=" + user + ",password=" + password + "]");
            });
        }
        int rc = StorageTool.execute(args.toArray(String[]::new), System.out);
        if (rc != 0) {
            System.err.println("formatting the KRaft storage in " + logDir + " failed with exit code " + rc);
            System.exit(rc);
        }
    }

    private static void watchParent(long pid) {
        Thread watchdog = new Thread(() -> {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                sleep(1);
            }
            System.err.println("parent process " + pid + " is gone: shutting the broker down");
            Thread halt = new Thread(() -> {
                sleep(20);
                Runtime.getRuntime().halt(1);
            });
            halt.setDaemon(true);
            halt.start();
            System.exit(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void sleep(long seconds) {
        try {
            TimeUnit.SECONDS.sleep(seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
