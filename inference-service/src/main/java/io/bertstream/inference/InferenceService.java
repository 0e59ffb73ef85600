package io.bertstream.inference;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The service's life: at start-up it reads the bundle, loads the ONNX sessions (refusing to start
 * when either fails) and starts the stream loop; at shutdown it stops consuming, lets the round in
 * flight finish, be written and committed, then closes the sessions.
 */
@ApplicationScoped
public class InferenceService {

    private static final Logger LOG = Logger.getLogger(InferenceService.class);
    private static final Duration DRAIN = Duration.ofSeconds(25);

    private final ModelBundle bundle;
    private final OnnxModels models;
    private final TokenRecordReader reader;
    private final Predictor predictor;
    private final PredictionWriter writer;
    private final StreamLoop loop;
    private Thread loopThread;

    InferenceService(InferenceSettings settings, ObjectMapper json, MeterRegistry registry,
            @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        Path dir = settings.bundle().toAbsolutePath().normalize();
        this.bundle = ModelBundle.read(dir, settings.inference().modelName().orElse(dir.getFileName().toString()), json);
        this.models = OnnxModels.load(bundle, settings.inference());
        this.reader = new TokenRecordReader(bundle, json, settings.inference().defaultTask().map(name -> servedTask(bundle, name)));
        this.predictor = new Predictor(models, bundle, json);
        this.writer = new PredictionWriter(bundle, json);
        BatchPolicy batching = BatchPolicy.of(settings.inference(), models.provider());
        LOG.infof("model batches of at most %d records, a record waits at most %d ms for batch-mates", batching.maxBatchSize(),
                batching.maxQueueDelayMs());
        this.loop = new StreamLoop(kafka, settings, batching, reader, predictor, writer, registry);
    }

    /** The configured default task, which the bundle must have a graph for. */
    static Task servedTask(ModelBundle bundle, String name) {
        Task task = Task.fromWireName(name).orElseThrow(() -> new IllegalStateException("bertstream.inference.default-task=" + name
                + " is not a task; tasks: " + Arrays.stream(Task.values()).map(Task::wireName).toList()));
        if (!bundle.graphs().containsKey(task)) {
            throw new IllegalStateException("the bundle " + bundle.dir() + " has no " + task.graph() + " graph for the default task "
                    + name + " (bertstream.inference.default-task)");
        }
        return task;
    }

    void start(@Observes StartupEvent started) {
        loopThread = Thread.ofPlatform().name("inference-loop").start(loop);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        loop.stop();
        if (loopThread != null && !loopThread.join(DRAIN)) {
            // Its sessions stay open: closing them under a running session.run would crash the JVM.
            LOG.warnf("the inference loop did not finish its round within %d s; exiting without closing its sessions", DRAIN.toSeconds());
            return;
        }
        models.close();
    }

    ModelBundle bundle() {
        return bundle;
    }

    TokenRecordReader reader() {
        return reader;
    }

    Predictor predictor() {
        return predictor;
    }

    PredictionWriter writer() {
        return writer;
    }

    String loopState() {
        return loop.state();
    }
}
