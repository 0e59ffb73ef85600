/**
 * The BERT tokenizer, compatible with Hugging Face tokenizers: {@link io.bertstream.wordpiece.BertTokenizer}
 * (load, encode single texts, pairs and batches with truncation and padding, decode),
 * {@link io.bertstream.wordpiece.Encoding} (ids, type ids, attention mask, offsets, word ids),
 * and the files ({@code vocab.txt}, {@code tokenizer.json}, {@code tokenizer_config.json}).
 * See {@code wordpiece/README.md}.
 */
package io.bertstream.wordpiece;
