package io.bertstream.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Truncation;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Loads the tokenizer from the model bundle at start-up; the service refuses to start, with a
 * message naming what is missing, when the bundle cannot give it one.
 */
@ApplicationScoped
public class TokenizerBundle {

    private static final Logger LOG = Logger.getLogger(TokenizerBundle.class);

    @Produces
    @Startup
    @ApplicationScoped
    TokenizeService tokenizeService(TokenizerSettings settings, ObjectMapper json) {
        Path bundle = settings.bundle().toAbsolutePath().normalize();
        TokenizerSettings.Tokenizer limits = settings.tokenizer();
        Task defaultTask = Task.fromWireName(limits.defaultTask()).orElseThrow(() -> new IllegalStateException(
                "bertstream.tokenizer.default-task=" + limits.defaultTask() + " is not a task; known tasks: " + Task.allWireNames()));
        JsonNode config = readConfig(bundle, json);
        requireWithinModel(config, limits.maxTokens(), bundle);
        Truncation truncation = truncation(config, limits.maxTokens());
        BertTokenizer tokenizer = load(bundle).withTruncation(truncation);
        LOG.infof("tokenizer loaded from %s: %d tokens in the vocabulary, sequences cut at %d tokens (%s)",
                bundle, tokenizer.vocabulary().size(), limits.maxTokens(),
                truncation.strategy() == Truncation.Strategy.HEAD_TAIL
                        ? "head+tail as the classifier was fine-tuned: the first " + truncation.headTokens() + " tokens and the last ones"
                        : "longest first");
        return new TokenizeService(tokenizer, new SentenceDecoder(limits.maxTextBytes(), defaultTask, json));
    }

    private static BertTokenizer load(Path bundle) {
        if (!Files.isDirectory(bundle)) {
            throw new IllegalStateException("the model bundle " + bundle + " does not exist: build one with "
                    + "`./bertstream demo` (or export), or point bertstream.bundle / BERTSTREAM_BUNDLE at one");
        }
        try {
            return BertTokenizer.load(bundle);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot load the tokenizer from the bundle " + bundle + ": " + e.getMessage(), e);
        }
    }

    /** The bundle's config.json, or null when it has none (a tokenizer-only bundle). */
    private static JsonNode readConfig(Path bundle, ObjectMapper json) {
        Path config = bundle.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return null;
        }
        try {
            return json.readTree(config.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + config + ": " + e.getMessage(), e);
        }
    }

    /** A bundle with a config.json says how long a sequence its model takes; more cannot be served. */
    private static void requireWithinModel(JsonNode config, int maxTokens, Path bundle) {
        JsonNode positions = config == null ? null : config.get("max_position_embeddings");
        if (positions != null && positions.asInt() < maxTokens) {
            throw new IllegalStateException("bertstream.tokenizer.max-tokens=" + maxTokens + " is more than the model's "
                    + "max_position_embeddings=" + positions.asInt() + " in " + bundle.resolve("config.json"));
        }
    }

    /**
     * Longest-first, unless the bundle's classifier was fine-tuned on head+tail-cut texts
     * ({@code bertstream.finetune.truncation} in config.json): then single texts are cut the same
     * way, so a served review looks like the ones the classifier learned from.
     */
    static Truncation truncation(JsonNode config, int maxTokens) {
        JsonNode finetune = config == null ? null : config.path("bertstream").path("finetune");
        JsonNode t = finetune == null ? null : finetune.path("truncation");
        if (t == null || !"head_tail".equals(t.path("strategy").asText())) {
            return Truncation.longestFirst(maxTokens);
        }
        int trainedLength = finetune.path("max_length").asInt(maxTokens), head = t.path("head_tokens").asInt();
        if (trainedLength != maxTokens) {
            // The same share of the room for the head as in training.
            LOG.warnf("bertstream.tokenizer.max-tokens=%d differs from the %d tokens the classifier was fine-tuned on; "
                    + "classification is served on differently cut texts than eval measured", maxTokens, trainedLength);
            head = (int) ((long) head * maxTokens / trainedLength);
        }
        return Truncation.headTail(maxTokens, Math.min(head, maxTokens - 2));
    }
}
