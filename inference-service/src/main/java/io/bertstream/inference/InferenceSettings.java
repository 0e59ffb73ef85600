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

        /** Most records in one model batch. */
        @WithDefault("32")
        int maxBatchSize();

        /** Longest a record waits for batch-mates, in ms (Triton's max_queue_delay). */
        @WithDefault("5")
        int maxQueueDelayMs();

        /** ONNX Runtime intra-op threads. */
        @WithDefault("2")
        int intraOpThreads();

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
    }
}
