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
        requireWithinModel(bundle, limits.maxTokens(), json);
        BertTokenizer tokenizer = load(bundle).withTruncation(Truncation.longestFirst(limits.maxTokens()));
        LOG.infof("tokenizer loaded from %s: %d tokens in the vocabulary, sequences cut at %d tokens",
                bundle, tokenizer.vocabulary().size(), limits.maxTokens());
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

    /** A bundle with a config.json says how long a sequence its model takes; more cannot be served. */
    private static void requireWithinModel(Path bundle, int maxTokens, ObjectMapper json) {
        Path config = bundle.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return;
        }
        try {
            JsonNode positions = json.readTree(config.toFile()).get("max_position_embeddings");
            if (positions != null && positions.asInt() < maxTokens) {
                throw new IllegalStateException("bertstream.tokenizer.max-tokens=" + maxTokens + " is more than the model's "
                        + "max_position_embeddings=" + positions.asInt() + " in " + config);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + config + ": " + e.getMessage(), e);
        }
    }
}
