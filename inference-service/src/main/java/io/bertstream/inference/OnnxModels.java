package io.bertstream.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.LongBuffer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One ONNX Runtime environment and one session per bundle graph, created at start-up with the
 * configured threads, optimization level and execution provider. CUDA that cannot load falls back
 * to the CPU with a warning, unless the settings require it.
 */
public final class OnnxModels implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OnnxModels.class);
    static final String[] INPUTS = {"input_ids", "attention_mask", "token_type_ids"};

    private final OrtEnvironment env;
    private final Map<Task, OrtSession> sessions;
    private final String provider;

    private OnnxModels(OrtEnvironment env, Map<Task, OrtSession> sessions, String provider) {
        this.env = env;
        this.sessions = sessions;
        this.provider = provider;
    }

    public static OnnxModels load(ModelBundle bundle, InferenceSettings.Inference settings) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<Task, OrtSession> sessions = new EnumMap<>(Task.class);
        String provider = "cpu";
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", settings.spinWait() ? "1" : "0");
            options.setOptimizationLevel(optimizationLevel(settings.optimizationLevel()));
            if ("cuda".equalsIgnoreCase(settings.executionProvider())) {
                provider = addCuda(options, settings.requireCuda());
            } else if (!"cpu".equalsIgnoreCase(settings.executionProvider())) {
                throw new IllegalStateException("bertstream.inference.execution-provider=" + settings.executionProvider() + " is not cpu or cuda");
            }
            for (var graph : bundle.graphs().entrySet()) {
                OrtSession session = env.createSession(graph.getValue().toString(), options);
                requireInputs(session, graph.getValue().toString());
                sessions.put(graph.getKey(), session);
            }
            requireLabels(bundle, sessions.get(Task.CLASSIFICATION));
            for (var session : sessions.entrySet()) {
                requireVocabulary(env, bundle, session.getKey(), session.getValue());
            }
        } catch (OrtException | RuntimeException e) {
            sessions.values().forEach(OnnxModels::closeQuietly);
            throw e instanceof IllegalStateException refused ? refused
                    : new IllegalStateException("ONNX Runtime cannot load the bundle " + bundle.dir() + ": " + e.getMessage(), e);
        }
        LOG.infof("model %s (version %s) loaded: graphs %s on %s, %d intra-op threads", bundle.name(), bundle.version(),
                sessions.keySet(), provider, settings.intraOpThreads());
        return new OnnxModels(env, sessions, provider);
    }

    private static String addCuda(OrtSession.SessionOptions options, boolean required) throws OrtException {
        try {
            options.addCUDA(0);
            return "cuda";
        } catch (OrtException | UnsatisfiedLinkError | IllegalArgumentException e) {
            if (required) {
                throw new IllegalStateException("CUDA was required (bertstream.inference.require-cuda) but cannot load: " + e.getMessage(), e);
            }
            LOG.warnf("CUDA cannot load (%s): running on the CPU", e.getMessage());
            return "cpu";
        }
    }

    private static OrtSession.SessionOptions.OptLevel optimizationLevel(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case "all" -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            default -> throw new IllegalStateException("bertstream.inference.optimization-level=" + name + " is not none, basic, extended or all");
        };
    }

    private static void requireInputs(OrtSession session, String file) throws OrtException {
        for (String input : INPUTS) {
            if (!session.getInputNames().contains(input)) {
                throw new IllegalStateException(file + " has no input " + input + " (inputs: " + session.getInputNames() + ")");
            }
        }
    }

    /**
     * The graph's embedding table must hold every id of vocab.txt: a probe with the last id fails
     * in ONNX Runtime's Gather when the table is smaller (a vocabulary from another model).
     */
    private static void requireVocabulary(OrtEnvironment env, ModelBundle bundle, Task task, OrtSession session) throws OrtException {
        long last = bundle.vocabSize() - 1;
        long[] ids = {task == Task.FILL_MASK ? bundle.maskTokenId() : last, last};
        long[] shape = {1, ids.length};
        try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {1, 1}), shape);
                OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {0, 0}), shape);
                OrtSession.Result ignored = session.run(Map.of(INPUTS[0], input, INPUTS[1], mask, INPUTS[2], types))) {
            // it ran: the table is large enough
        } catch (OrtException e) {
            throw new IllegalStateException("the bundle is inconsistent: the " + task.graph() + " graph cannot take token id " + last
                    + " although vocab.txt and config.json have " + bundle.vocabSize() + " tokens (its embedding table is smaller?): "
                    + e.getMessage(), e);
        }
    }

    /** The classifier's probabilities must have one column per label of config.json. */
    private static void requireLabels(ModelBundle bundle, OrtSession classifier) throws OrtException {
        if (classifier == null) {
            return;
        }
        NodeInfo out = classifier.getOutputInfo().get("probabilities");
        long[] shape = out == null ? null : ((TensorInfo) out.getInfo()).getShape();
        if (shape == null || shape.length != 2 || shape[1] != bundle.labels().size()) {
            throw new IllegalStateException("the bundle is inconsistent: the classifier graph's probabilities are "
                    + (shape == null ? "missing" : java.util.Arrays.toString(shape)) + " but config.json has "
                    + bundle.labels().size() + " labels");
        }
    }

    OrtEnvironment env() {
        return env;
    }

    OrtSession session(Task task) {
        return sessions.get(task);
    }

    public String provider() {
        return provider;
    }

    @Override
    public void close() {
        sessions.values().forEach(OnnxModels::closeQuietly);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing an ONNX Runtime session failed", e);
        }
    }
}
