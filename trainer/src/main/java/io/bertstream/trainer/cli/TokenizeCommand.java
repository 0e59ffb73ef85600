package io.bertstream.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import io.bertstream.wordpiece.Padding;
import io.bertstream.wordpiece.Truncation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tokenize}: stdin lines (a tab separates a pair) to JSON lines of ids, tokens, type ids, offsets. */
@Command(
        name = "tokenize",
        mixinStandardHelpOptions = true,
        description = {
            "Tokenize stdin, one text per line (a tab separates the two texts of a pair), and print one JSON"
                    + " object per line: ids, tokens, type_ids, offsets ([start, end) in code points of the line's"
                    + " text, as Hugging Face reports them; [0, 0] for special tokens), plus attention_mask with"
                    + " --pad-to and truncated when tokens were cut.",
            "A line that cannot be encoded gives {\"error\": ...} and the next lines go on."
        })
final class TokenizeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "DIR",
            description = "Model bundle or vocabulary folder (tokenizer.json, else vocab.txt), or a tokenizer.json or vocab.txt file.")
    Path bundle;

    @Option(names = "--max-length", paramLabel = "N",
            description = "Truncate to N tokens, special tokens included.")
    Integer maxLength;

    @Option(names = "--truncation", defaultValue = "longest_first", paramLabel = "STRATEGY",
            description = "longest_first, only_first or only_second (default: ${DEFAULT-VALUE}).")
    String truncation;

    @Option(names = "--pad-to", paramLabel = "N", description = "Pad every line to N tokens with [PAD].")
    Integer padTo;

    @Option(names = "--no-special-tokens", description = "Do not add [CLS] and [SEP].")
    boolean noSpecialTokens;

    /** Where lines come from; tests replace it. */
    InputStream in = System.in;

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(bundle)) {
            throw new CliError("--bundle " + bundle + ": no such file or folder");
        }
        BertTokenizer tokenizer = configure(BertTokenizer.load(bundle));
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder));
        PrintWriter out = spec.commandLine().getOut();
        for (String line; (line = reader.readLine()) != null; ) {
            int tab = line.indexOf('\t');
            String first = tab < 0 ? line : line.substring(0, tab);
            String second = tab < 0 ? null : line.substring(tab + 1);
            out.println(JSON.writeValueAsString(encode(tokenizer, first, second)));
            if (!reader.ready()) {
                out.flush();
            }
        }
        out.flush();
        return 0;
    }

    private BertTokenizer configure(BertTokenizer tokenizer) {
        if (maxLength != null) {
            if (maxLength < 1) {
                throw new CliError("--max-length must be positive, got " + maxLength);
            }
            Truncation.Strategy strategy = switch (truncation) {
                case "longest_first" -> Truncation.Strategy.LONGEST_FIRST;
                case "only_first" -> Truncation.Strategy.ONLY_FIRST;
                case "only_second" -> Truncation.Strategy.ONLY_SECOND;
                default -> throw new CliError("--truncation must be longest_first, only_first or only_second, got " + truncation);
            };
            tokenizer = tokenizer.withTruncation(new Truncation(maxLength, strategy, Truncation.Direction.RIGHT));
        }
        if (padTo != null) {
            if (padTo < 1) {
                throw new CliError("--pad-to must be positive, got " + padTo);
            }
            int padId = tokenizer.tokenId("[PAD]");
            if (padId < 0) {
                throw new CliError("--pad-to: the vocabulary has no [PAD] token");
            }
            tokenizer = tokenizer.withPadding(Padding.fixed(padTo, padId));
        }
        return tokenizer;
    }

    private ObjectNode encode(BertTokenizer tokenizer, String first, String second) {
        ObjectNode o = JSON.createObjectNode();
        Encoding e;
        try {
            e = tokenizer.encode(first, second, !noSpecialTokens);
        } catch (IllegalArgumentException ex) {
            return o.put("error", ex.getMessage());
        }
        ArrayNode ids = o.putArray("ids");
        for (int id : e.ids()) {
            ids.add(id);
        }
        ArrayNode tokens = o.putArray("tokens");
        e.tokens().forEach(tokens::add);
        ArrayNode types = o.putArray("type_ids");
        for (int t : e.typeIds()) {
            types.add(t);
        }
        ArrayNode offsets = o.putArray("offsets");
        for (int[] span : e.codePointOffsets(first, second)) {
            offsets.addArray().add(span[0]).add(span[1]);
        }
        if (padTo != null) {
            ArrayNode mask = o.putArray("attention_mask");
            for (int m : e.attentionMask()) {
                mask.add(m);
            }
        }
        if (e.truncated()) {
            o.put("truncated", true);
        }
        return o;
    }
}
