package io.bertstream.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A broker process started by {@link LocalKafka}. {@link #settings()} carries the ports it really
 * uses, so {@code LocalKafka.start(broker.settings(), ...)} restarts it on the same data and address.
 */
public final class RunningBroker implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final ProcessHandle process;
    private final BrokerSettings settings;

    RunningBroker(ProcessHandle process, BrokerSettings settings) {
        this.process = process;
        this.settings = settings;
    }

    public String bootstrapServers() {
        return settings.host() + ":" + settings.port();
    }

    public BrokerSettings settings() {
        return settings;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the broker to shut down cleanly (SIGTERM), then kills it if it has not stopped in time. */
    public void stop() {
        if (process.isAlive()) {
            CompletableFuture<ProcessHandle> exited = process.onExit();
            process.destroy();
            try {
                exited.get(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception timeoutOrInterrupt) {
                process.destroyForcibly();
                process.onExit().join();
            }
        }
        try {
            Files.deleteIfExists(LocalKafka.pidFile(settings.dataDir()));
        } catch (IOException e) {
            // A stale pid file is harmless: the next start checks whether its process is alive.
        }
    }

    /** Kills the broker at once, as {@code kill -9} would: for tests of crash recovery. */
    public void kill() {
        process.destroyForcibly();
        process.onExit().join();
    }

    @Override
    public void close() {
        stop();
    }

    Path logFile() {
        return LocalKafka.logFile(settings.dataDir());
    }
}
