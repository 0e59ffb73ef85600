package io.bertstream.wordpiece;

import java.util.List;

/**
 * The post-processor: lays out special tokens and the input sequences with their type ids, as
 * Hugging Face's {@code TemplateProcessing} (which {@code BertProcessing} is a special case of).
 * BERT's templates are {@code [CLS] $A [SEP]} and {@code [CLS] $A [SEP] $B:1 [SEP]:1}.
 */
public record TemplateProcessor(List<Piece> single, List<Piece> pair) {

    /** One element of a template: a special token (by name, with its ids) or an input sequence. */
    public sealed interface Piece {
        int typeId();
    }

    /** A special token; {@code ids} usually holds one id. */
    public record SpecialToken(String name, int[] ids, int typeId) implements Piece {}

    /** Input sequence 0 ($A) or 1 ($B). */
    public record Sequence(int index, int typeId) implements Piece {
        public Sequence {
            if (index != 0 && index != 1) {
                throw new IllegalArgumentException("template: sequence must be A or B");
            }
        }
    }

    public TemplateProcessor {
        single = List.copyOf(single);
        pair = List.copyOf(pair);
        if (single.stream().anyMatch(p -> p instanceof Sequence s && s.index() == 1)) {
            throw new IllegalArgumentException("template: the single template cannot use $B");
        }
    }

    /** BERT's layout with the given {@code [CLS]} and {@code [SEP]}. */
    public static TemplateProcessor bert(String cls, int clsId, String sep, int sepId) {
        SpecialToken c = new SpecialToken(cls, new int[] {clsId}, 0);
        return new TemplateProcessor(
                List.of(c, new Sequence(0, 0), new SpecialToken(sep, new int[] {sepId}, 0)),
                List.of(c, new Sequence(0, 0), new SpecialToken(sep, new int[] {sepId}, 0),
                        new Sequence(1, 1), new SpecialToken(sep, new int[] {sepId}, 1)));
    }

    /** No special tokens: the sequences one after another, type ids 0 and 1. */
    public static TemplateProcessor none() {
        return new TemplateProcessor(List.of(new Sequence(0, 0)), List.of(new Sequence(0, 0), new Sequence(1, 1)));
    }

    /** How many special tokens the template adds. */
    int addedTokens(boolean isPair) {
        int n = 0;
        for (Piece p : isPair ? pair : single) {
            if (p instanceof SpecialToken s) {
                n += s.ids().length;
            }
        }
        return n;
    }

    List<Piece> pairOrSingle(boolean isPair) {
        return isPair ? pair : single;
    }
}
