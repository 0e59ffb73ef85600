// Encodes JSON-lines inputs ({"a": text, "b": optional pair}) with Tokenizers.js, the pure-JS
// tokenizer of transformers.js (npm @huggingface/tokenizers), from a tokenizer.json and
// tokenizer_config.json, and writes {"ids": [...]} per line (or {"error": ...}).
// Usage: node tokenizers-js-encode.js dir inputs.jsonl outputs.jsonl
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('@huggingface/tokenizers');

const [dir, inputFile, outputFile] = process.argv.slice(2);
const tokenizer = new Tokenizer(
  JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')),
  JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')));
const out = [];
for (const line of fs.readFileSync(inputFile, 'utf8').split('\n')) {
  if (!line) continue;
  const input = JSON.parse(line);
  try {
    const e = input.b === undefined ? tokenizer.encode(input.a) : tokenizer.encode(input.a, { text_pair: input.b });
    out.push(JSON.stringify({ ids: e.ids }));
  } catch (err) {
    out.push(JSON.stringify({ error: String(err) }));
  }
}
fs.writeFileSync(outputFile, out.join('\n') + '\n');
