package io.bertstream.inference;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** The service's settings ({@code bertstream.*}, or BERTSTREAM_* environment variables). */
@ConfigMapping(prefix = "bertstream")
public interface InferenceSettings {

    /** The model bundle folder (config.json, onnx/*.onnx). */
    @WithDefault("models/demo")
    Path bundle();

    Topics topics();

    Inference inference();

    interface Topics {
        @WithDefault("tokens")
        String tokens();

        @WithDefault("predictions")
        String predictions();

        @WithDefault("dlq")
        String dlq();
    }

    interface Inference {
        /** Consumer group of the stream. */
        @WithDefault("bertstream-inference")
        String groupId();

        /** Most records in one model batch; default by execution provider ({@link BatchPolicy}). */
        Optional<Integer> maxBatchSize();

        /**
         * Longest a record waits for batch-mates, in ms (Triton's max_queue_delay); default by
         * execution provider ({@link BatchPolicy}).
         */
        Optional<Integer> maxQueueDelayMs();

        /**
         * One ONNX Runtime thread unless set: a second made {@code mini} only 1.25-1.3x faster on
         * the shared 2-core machine, at about a quarter more CPU per record, and the Kubernetes
         * Deployment requests one CPU per pod (README, runs 9-14 of the inference-service).
         */
        int DEFAULT_INTRA_OP_THREADS = 1;

        /** ONNX Runtime intra-op threads. */
        @WithDefault("" + DEFAULT_INTRA_OP_THREADS)
        int intraOpThreads();

        /**
         * Whether ONNX Runtime's idle intra-op threads spin for work. Spinning takes the cores the
         * Kafka clients and the broker need when they share them; on cores of its own it can help.
         */
        @WithDefault("false")
        boolean spinWait();

        /** ONNX Runtime graph optimization: none, basic, extended, all. */
        @WithDefault("all")
        String optimizationLevel();

        /** cpu or cuda. */
        @WithDefault("cpu")
        String executionProvider();

        /** With cuda: fail start-up when CUDA cannot load, instead of falling back to CPU. */
        @WithDefault("false")
        boolean requireCuda();

        /** Model name in predictions; default: the bundle folder's name. */
        Optional<String> modelName();

        /**
         * How often offsets are committed (at-least-once), or how long a transaction gathers rounds
         * before it commits (exactly-once), in ms.
         */
        @WithDefault("100")
        int commitIntervalMs();

        /**
         * Exactly-once: predictions, dead letters and the consumed offsets go in one Kafka
         * transaction, and the input is read {@code read_committed}. Consumers of the predictions
         * must read {@code read_committed} too.
         */
        @WithDefault("false")
        boolean exactlyOnce();

        /**
         * The transactional id with exactly-once: unique to each instance and the same across its
         * restarts (a restart then aborts what the previous run left open); default
         * {@code <group-id>-<host name>}.
         */
        Optional<String> transactionalId();

        /** The task of a tokens record that names none; when set, the bundle must have its graph. */
        Optional<String> defaultTask();
    }
}
