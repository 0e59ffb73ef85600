package io.bertstream.tokenizer;

/**
 * One input, decoded: its id (given by the producer, or {@code topic/partition/offset}), the text,
 * an optional second text (a pair), and the task.
 */
public record SentenceRequest(String id, String text, String textPair, Task task) {}
