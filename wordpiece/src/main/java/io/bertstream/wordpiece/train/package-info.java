/**
 * The WordPiece vocabulary trainer: frequency-based merges, as Hugging Face's
 * {@code WordPieceTrainer} (which is its BPE trainer with a {@code ##} continuation prefix), not
 * the likelihood score of Google's original WordPiece, so vocabularies agree with the reference's.
 *
 * <h2>Algorithm</h2>
 * <ol>
 *   <li><b>Count words.</b> Every line of the corpus goes through the same normalizer and
 *       pre-tokenizer as encoding (BERT uncased by default), and each word's count is kept. Only
 *       the counts stay in memory, so the corpus is streamed; {@code maxDistinctWords} bounds the
 *       map: past it the rarest words are forgotten (see {@code WordCounts}).
 *   <li><b>Initial vocabulary.</b> The special tokens ({@code [PAD] [UNK] [CLS] [SEP] [MASK]},
 *       ids 0-4), then the alphabet: every character of the counted words, or the
 *       {@code limitAlphabet} most frequent ones, sorted by code point; then the {@code ##} form
 *       of each alphabet character that occurs inside a word (not first), sorted. Characters
 *       outside the alphabet are left out of the words (they will encode as {@code [UNK]}).
 *   <li><b>Split.</b> Each distinct word becomes a sequence of symbols: its first character, then
 *       {@code ##c} for each following character.
 *   <li><b>Merge.</b> Count every adjacent symbol pair over all words, weighted by word counts.
 *       Repeatedly take the most frequent pair (ties: the pair of lower ids, i.e. older symbols,
 *       first), stop if its count is below {@code minFrequency} (or zero), add the merged symbol
 *       ({@code a + b}, {@code ##a + ##b = ##ab}, {@code a + ##b = ab}) to the vocabulary and
 *       replace the pair in every word that has it, updating the pair counts incrementally
 *       (a priority queue with lazy re-checks of stale counts). Stop at {@code vocabSize} tokens
 *       or when no pair is left. As in the reference, the alphabet is kept whole even when it
 *       alone exceeds the size.
 * </ol>
 * The vocabulary's ids follow insertion order. With the reference's defaults (no minimum
 * frequency, no alphabet limit), an 8192-token vocabulary trained here on the default corpus
 * ({@code data/pretrain}, 55 MB) has all 8192 tokens in common with the reference trainer's
 * ({@code VocabOverlapBench}); on the 18 Gutenberg books 8191 (the test). The difference
 * left is tie-breaking: the reference's ids for {@code ##} characters follow hash-map order.
 */
package io.bertstream.wordpiece.train;
