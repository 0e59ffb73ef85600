package io.bertstream.tokenizer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** The service's own settings ({@code bertstream.*} in application.properties, or BERTSTREAM_* variables). */
@ConfigMapping(prefix = "bertstream")
public interface TokenizerSettings {

    /** The model bundle folder (vocab.txt or tokenizer.json, config.json). */
    @WithDefault("models/demo")
    Path bundle();

    Tokenizer tokenizer();

    /**
     * Consume-transform-produce in Kafka transactions (outputs and input offsets commit together).
     * Set by the {@code exactly-once} profile, which also makes the producer transactional.
     */
    @WithDefault("false")
    boolean exactlyOnce();

    /** This instance's Kafka transactional id under exactly-once (the channel configuration reads it). */
    String transactionalId();

    /** Topic names; the channels in application.properties read them. */
    Topics topics();

    interface Topics {
        @WithDefault("sentences")
        String sentences();

        @WithDefault("tokens")
        String tokens();

        @WithDefault("dlq")
        String dlq();
    }

    interface Tokenizer {
        /** Records over this many bytes go to the dead-letter topic. */
        @WithDefault("65536")
        int maxTextBytes();

        /** Token sequences longer than this (special tokens included) are truncated, longest first. */
        @WithDefault("128")
        int maxTokens();

        /** The task of a plain sentence without [MASK] and without a pair. */
        @WithDefault("classification")
        String defaultTask();

        /** Threads that tokenize one polled batch (in contiguous chunks). */
        @WithDefault("1")
        int threads();

        /** How token records are written: {@code binary} (bertstream.tokens.v2) or {@code json} (v1). */
        @WithDefault("binary")
        OutputFormat outputFormat();
    }
}
