package io.bertstream.trainer.data;

/** One line of a labelled JSONL file: {@code {"id": ..., "text": ..., "label": ...}}. */
public record LabelledText(String id, String text, String label) {}
