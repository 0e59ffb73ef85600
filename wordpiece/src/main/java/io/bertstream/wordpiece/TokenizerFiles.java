package io.bertstream.wordpiece;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes the Hugging Face files: {@code tokenizer.json} (the tokenizers library's
 * format: BertNormalizer, BertPreTokenizer, WordPiece model, TemplateProcessing or BertProcessing,
 * WordPiece decoder, added tokens, truncation and padding), {@code tokenizer_config.json} (what
 * transformers' {@code BertTokenizer} reads) and {@code vocab.txt}. Anything else in a
 * {@code tokenizer.json} (another model or normalizer, a truncation stride, added tokens that are
 * normalized or strip spaces) is refused with a message naming it, rather than half-honoured.
 */
final class TokenizerFiles {

    static final String TOKENIZER_JSON = "tokenizer.json";
    static final String TOKENIZER_CONFIG_JSON = "tokenizer_config.json";
    static final String VOCAB_TXT = "vocab.txt";
    /** BERT's position limit, written as {@code model_max_length} unless truncation says otherwise. */
    static final int DEFAULT_MODEL_MAX_LENGTH = 512;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerFiles() {}

    static BertTokenizer readTokenizerJson(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** A tokenizer from the text of a {@code tokenizer.json}. */
    static BertTokenizer fromJson(JsonNode root) {
        JsonNode modelNode = required(root, "model");
        String modelType = modelNode.path("type").asText("WordPiece");
        if (!modelType.equals("WordPiece")) {
            throw new IllegalArgumentException("model type " + modelType + " is not supported (only WordPiece)");
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = required(modelNode, "vocab").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        WordPieceModel model = new WordPieceModel(Vocabulary.of(vocab),
                modelNode.path("unk_token").asText("[UNK]"),
                modelNode.path("continuing_subword_prefix").asText(WordPieceModel.DEFAULT_PREFIX),
                modelNode.path("max_input_chars_per_word").asInt(WordPieceModel.DEFAULT_MAX_INPUT_CHARS_PER_WORD));
        return new BertTokenizer(normalizer(root.path("normalizer")), model, addedTokens(root.path("added_tokens")),
                postProcessor(root.path("post_processor")), decoder(root.path("decoder")),
                truncation(root.path("truncation")), padding(root.path("padding")));
    }

    /** {@code vocab.txt} with the settings of {@code tokenizer_config.json} when it exists. */
    static BertTokenizer readVocabFolder(Path dir) throws IOException {
        Vocabulary vocabulary = Vocabulary.readVocabTxt(dir.resolve(VOCAB_TXT));
        Path config = dir.resolve(TOKENIZER_CONFIG_JSON);
        BertNormalizer normalizer = BertNormalizer.UNCASED;
        if (Files.isRegularFile(config)) {
            JsonNode c = JSON.readTree(config.toFile());
            JsonNode strip = c.path("strip_accents");
            normalizer = new BertNormalizer(true, c.path("tokenize_chinese_chars").asBoolean(true),
                    strip.isBoolean() ? strip.asBoolean() : null, c.path("do_lower_case").asBoolean(true));
        }
        return BertTokenizer.fromVocabulary(vocabulary, normalizer);
    }

    static void write(BertTokenizer tokenizer, Path dir) throws IOException {
        Files.createDirectories(dir);
        tokenizer.vocabulary().writeVocabTxt(dir.resolve(VOCAB_TXT));
        JSON.writeValue(dir.resolve(TOKENIZER_JSON).toFile(), toJson(tokenizer));
        JSON.writeValue(dir.resolve(TOKENIZER_CONFIG_JSON).toFile(), config(tokenizer));
    }

    static ObjectNode toJson(BertTokenizer t) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        Truncation tr = t.truncation();
        if (tr == null) {
            root.putNull("truncation");
        } else {
            ObjectNode n = root.putObject("truncation");
            n.put("direction", tr.direction() == Truncation.Direction.LEFT ? "Left" : "Right");
            n.put("max_length", tr.maxLength());
            n.put("strategy", switch (tr.strategy()) {
                case LONGEST_FIRST -> "LongestFirst";
                case ONLY_FIRST -> "OnlyFirst";
                case ONLY_SECOND -> "OnlySecond";
                case HEAD_TAIL -> throw new IllegalArgumentException(
                        "truncation: head_tail has no tokenizer.json form (Hugging Face has no such strategy); write the tokenizer without truncation");
            });
            n.put("stride", 0);
        }
        Padding p = t.padding();
        if (p == null) {
            root.putNull("padding");
        } else {
            ObjectNode n = root.putObject("padding");
            if (p.fixedLength() > 0) {
                n.putObject("strategy").put("Fixed", p.fixedLength());
            } else {
                n.put("strategy", "BatchLongest");
            }
            n.put("direction", p.direction() == Padding.Direction.LEFT ? "Left" : "Right");
            if (p.multipleOf() > 0) {
                n.put("pad_to_multiple_of", p.multipleOf());
            } else {
                n.putNull("pad_to_multiple_of");
            }
            n.put("pad_id", p.padId());
            n.put("pad_type_id", p.padTypeId());
            n.put("pad_token", p.padToken());
        }
        ArrayNode added = root.putArray("added_tokens");
        for (AddedToken a : t.addedTokens()) {
            added.addObject().put("id", a.id()).put("content", a.content()).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", a.special());
        }
        BertNormalizer bn = t.normalizer();
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "BertNormalizer").put("clean_text", bn.cleanText()).put("handle_chinese_chars", bn.handleChineseChars());
        if (bn.stripAccents() == null) {
            norm.putNull("strip_accents");
        } else {
            norm.put("strip_accents", bn.stripAccents());
        }
        norm.put("lowercase", bn.lowercase());
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        root.set("post_processor", template(t.postProcessor()));
        if (t.decoder() == null) {
            root.putNull("decoder");
        } else {
            root.putObject("decoder").put("type", "WordPiece").put("prefix", t.decoder().prefix()).put("cleanup", t.decoder().cleanup());
        }
        WordPieceModel m = t.model();
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece").put("unk_token", m.unkToken()).put("continuing_subword_prefix", m.continuingSubwordPrefix())
                .put("max_input_chars_per_word", m.maxInputCharsPerWord());
        ObjectNode vocab = model.putObject("vocab");
        Vocabulary v = m.vocabulary();
        for (int id = 0; id < v.idLimit(); id++) {
            if (v.token(id) != null) {
                vocab.put(v.token(id), id);
            }
        }
        return root;
    }

    private static ObjectNode config(BertTokenizer t) {
        ObjectNode c = JSON.createObjectNode();
        BertNormalizer n = t.normalizer();
        c.put("tokenizer_class", "BertTokenizer");
        c.put("do_lower_case", n.lowercase());
        c.put("tokenize_chinese_chars", n.handleChineseChars());
        if (n.stripAccents() == null) {
            c.putNull("strip_accents");
        } else {
            c.put("strip_accents", n.stripAccents());
        }
        for (String s : Vocabulary.BERT_SPECIAL_TOKENS) {
            if (t.tokenId(s) >= 0) {
                c.put(s.substring(1, s.length() - 1).toLowerCase(Locale.ROOT) + "_token", s);
            }
        }
        c.put("model_max_length", t.truncation() == null ? DEFAULT_MODEL_MAX_LENGTH : t.truncation().maxLength());
        c.put("clean_up_tokenization_spaces", t.decoder() != null && t.decoder().cleanup());
        return c;
    }

    private static JsonNode template(TemplateProcessor tp) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "TemplateProcessing");
        n.set("single", pieces(tp.single()));
        n.set("pair", pieces(tp.pair()));
        ObjectNode specials = n.putObject("special_tokens");
        for (TemplateProcessor.Piece p : concat(tp.single(), tp.pair())) {
            if (p instanceof TemplateProcessor.SpecialToken st && !specials.has(st.name())) {
                ObjectNode s = specials.putObject(st.name());
                s.put("id", st.name());
                ArrayNode ids = s.putArray("ids");
                ArrayNode tokens = s.putArray("tokens");
                for (int id : st.ids()) {
                    ids.add(id);
                    tokens.add(st.name());
                }
            }
        }
        return n;
    }

    private static ArrayNode pieces(List<TemplateProcessor.Piece> pieces) {
        ArrayNode a = JSON.createArrayNode();
        for (TemplateProcessor.Piece p : pieces) {
            if (p instanceof TemplateProcessor.SpecialToken st) {
                a.addObject().putObject("SpecialToken").put("id", st.name()).put("type_id", st.typeId());
            } else {
                TemplateProcessor.Sequence s = (TemplateProcessor.Sequence) p;
                a.addObject().putObject("Sequence").put("id", s.index() == 0 ? "A" : "B").put("type_id", s.typeId());
            }
        }
        return a;
    }

    private static List<TemplateProcessor.Piece> concat(List<TemplateProcessor.Piece> a, List<TemplateProcessor.Piece> b) {
        List<TemplateProcessor.Piece> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static BertNormalizer normalizer(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        String type = n.path("type").asText();
        if (!type.equals("BertNormalizer")) {
            throw new IllegalArgumentException("normalizer type " + type + " is not supported (only BertNormalizer)");
        }
        JsonNode strip = n.path("strip_accents");
        return new BertNormalizer(n.path("clean_text").asBoolean(true), n.path("handle_chinese_chars").asBoolean(true),
                strip.isBoolean() ? strip.asBoolean() : null, n.path("lowercase").asBoolean(true));
    }

    private static List<AddedToken> addedTokens(JsonNode list) {
        List<AddedToken> out = new ArrayList<>();
        for (JsonNode a : list) {
            String content = a.path("content").asText();
            for (String unsupported : List.of("single_word", "lstrip", "rstrip", "normalized")) {
                if (a.path(unsupported).asBoolean(false)) {
                    throw new IllegalArgumentException("added token '" + content + "' sets " + unsupported + ", which is not supported");
                }
            }
            out.add(new AddedToken(required(a, "id").asInt(), content, a.path("special").asBoolean(false)));
        }
        return out;
    }

    private static TemplateProcessor postProcessor(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        String type = n.path("type").asText();
        return switch (type) {
            case "BertProcessing" -> TemplateProcessor.bert(n.path("cls").get(0).asText(), n.path("cls").get(1).asInt(),
                    n.path("sep").get(0).asText(), n.path("sep").get(1).asInt());
            case "TemplateProcessing" -> new TemplateProcessor(
                    templatePieces(required(n, "single"), n.path("special_tokens")),
                    templatePieces(required(n, "pair"), n.path("special_tokens")));
            default -> throw new IllegalArgumentException("post_processor type " + type
                    + " is not supported (only TemplateProcessing and BertProcessing)");
        };
    }

    private static List<TemplateProcessor.Piece> templatePieces(JsonNode list, JsonNode specials) {
        List<TemplateProcessor.Piece> out = new ArrayList<>();
        for (JsonNode p : list) {
            if (p.has("SpecialToken")) {
                String name = p.get("SpecialToken").path("id").asText();
                JsonNode ids = specials.path(name).path("ids");
                if (!ids.isArray() || ids.isEmpty()) {
                    throw new IllegalArgumentException("template uses special token " + name + " without ids in special_tokens");
                }
                int[] idArray = new int[ids.size()];
                for (int i = 0; i < idArray.length; i++) {
                    idArray[i] = ids.get(i).asInt();
                }
                out.add(new TemplateProcessor.SpecialToken(name, idArray, p.get("SpecialToken").path("type_id").asInt(0)));
            } else if (p.has("Sequence")) {
                String id = p.get("Sequence").path("id").asText();
                out.add(new TemplateProcessor.Sequence(id.equals("B") ? 1 : 0, p.get("Sequence").path("type_id").asInt(0)));
            } else {
                throw new IllegalArgumentException("template piece " + p + " is neither SpecialToken nor Sequence");
            }
        }
        return out;
    }

    private static WordPieceDecoder decoder(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        String type = n.path("type").asText();
        if (!type.equals("WordPiece")) {
            throw new IllegalArgumentException("decoder type " + type + " is not supported (only WordPiece)");
        }
        return new WordPieceDecoder(n.path("prefix").asText(WordPieceModel.DEFAULT_PREFIX), n.path("cleanup").asBoolean(true));
    }

    private static Truncation truncation(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.path("stride").asInt(0) != 0) {
            throw new IllegalArgumentException("truncation stride " + n.path("stride").asInt() + " is not supported (only 0)");
        }
        Truncation.Strategy strategy = switch (n.path("strategy").asText("LongestFirst")) {
            case "LongestFirst" -> Truncation.Strategy.LONGEST_FIRST;
            case "OnlyFirst" -> Truncation.Strategy.ONLY_FIRST;
            case "OnlySecond" -> Truncation.Strategy.ONLY_SECOND;
            default -> throw new IllegalArgumentException("truncation strategy " + n.path("strategy").asText() + " is unknown");
        };
        return new Truncation(required(n, "max_length").asInt(), strategy,
                n.path("direction").asText("Right").equals("Left") ? Truncation.Direction.LEFT : Truncation.Direction.RIGHT);
    }

    private static Padding padding(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        JsonNode strategy = n.path("strategy");
        int fixed = strategy.has("Fixed") ? strategy.get("Fixed").asInt() : 0;
        return new Padding(fixed, n.path("pad_to_multiple_of").asInt(0),
                n.path("direction").asText("Right").equals("Left") ? Padding.Direction.LEFT : Padding.Direction.RIGHT,
                n.path("pad_id").asInt(0), n.path("pad_type_id").asInt(0), n.path("pad_token").asText("[PAD]"));
    }

    private static JsonNode required(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return n;
    }
}
