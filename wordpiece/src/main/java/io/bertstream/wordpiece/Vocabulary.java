package io.bertstream.wordpiece;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token strings and their ids. Ids need not be contiguous ({@code tokenizer.json} allows gaps), but
 * a token has exactly one id and an id one token. Immutable.
 */
public final class Vocabulary {

    /** The five BERT special tokens, in the order the vocabulary trainer gives them ids 0-4. */
    public static final List<String> BERT_SPECIAL_TOKENS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private final Map<String, Integer> ids;
    private final String[] tokens;

    private Vocabulary(Map<String, Integer> ids, String[] tokens) {
        this.ids = ids;
        this.tokens = tokens;
    }

    /** Tokens with ids 0..n-1 in list order; duplicates are rejected. */
    public static Vocabulary of(List<String> tokensInIdOrder) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < tokensInIdOrder.size(); i++) {
            ids.put(tokensInIdOrder.get(i), i);
        }
        return of(ids);
    }

    /** Tokens with the given ids; ids must be non-negative and distinct. */
    public static Vocabulary of(Map<String, Integer> tokenIds) {
        int max = tokenIds.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        if (tokenIds.values().stream().anyMatch(id -> id < 0)) {
            throw new IllegalArgumentException("vocabulary: negative token id");
        }
        String[] byId = new String[max + 1];
        for (Map.Entry<String, Integer> e : tokenIds.entrySet()) {
            int id = e.getValue();
            if (byId[id] != null) {
                throw new IllegalArgumentException(
                        "vocabulary: id " + id + " is used by both '" + byId[id] + "' and '" + e.getKey() + "'");
            }
            byId[id] = e.getKey();
        }
        return new Vocabulary(Collections.unmodifiableMap(new HashMap<>(tokenIds)), byId);
    }

    /**
     * Reads a BERT {@code vocab.txt}: one token a line, the line number (from 0) is the id,
     * trailing whitespace ignored (as the reference does).
     */
    public static Vocabulary readVocabTxt(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line.stripTrailing());
            }
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Integer previous = ids.putIfAbsent(lines.get(i), i);
            if (previous != null) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " repeats the token '" + lines.get(i)
                        + "' of line " + (previous + 1));
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty vocabulary");
        }
        return of(ids);
    }

    /** Writes {@code vocab.txt}; ids must be contiguous from 0, as the format has no other way. */
    public void writeVocabTxt(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int id = 0; id < tokens.length; id++) {
                if (tokens[id] == null) {
                    throw new IllegalStateException("vocab.txt cannot hold a vocabulary with a gap at id " + id);
                }
                if (tokens[id].indexOf('\n') >= 0 || tokens[id].indexOf('\r') >= 0 || !tokens[id].equals(tokens[id].stripTrailing())) {
                    throw new IllegalStateException("vocab.txt cannot hold the token '" + tokens[id] + "' (line break or trailing space)");
                }
                w.write(tokens[id]);
                w.write('\n');
            }
        }
    }

    /** The id of {@code token}, or -1. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /** The token with {@code id}, or null for an unknown id. */
    public String token(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** Number of tokens. */
    public int size() {
        return ids.size();
    }

    /** One more than the largest id. */
    public int idLimit() {
        return tokens.length;
    }

    /** Tokens in id order (gaps skipped). */
    public List<String> tokens() {
        return Arrays.stream(tokens).filter(t -> t != null).toList();
    }

    /** Token to id. */
    public Map<String, Integer> asMap() {
        return ids;
    }
}
