// Encodes every input of a JSON-lines file with Hugging Face tokenizers and writes one JSON line
// per input: what the Java tokenizer must reproduce.
// Usage: node encode.js tokenizer.json inputs.jsonl outputs.jsonl
// An input is {"a": text, "b": optional second text, "max": optional truncation length}.
const fs = require('fs');
const readline = require('readline');
const { Tokenizer } = require('tokenizers');

async function main() {
  const [tokenizerFile, inputFile, outputFile] = process.argv.slice(2);
  const plain = Tokenizer.fromFile(tokenizerFile);
  const truncating = new Map();
  const out = fs.createWriteStream(outputFile);
  const lines = readline.createInterface({ input: fs.createReadStream(inputFile), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const input = JSON.parse(line);
    let tok = plain;
    if (input.max) {
      if (!truncating.has(input.max)) {
        const t = Tokenizer.fromFile(tokenizerFile);
        t.setTruncation(input.max);
        truncating.set(input.max, t);
      }
      tok = truncating.get(input.max);
    }
    let record;
    try {
      const e = input.b === undefined ? await tok.encode(input.a) : await tok.encode(input.a, input.b);
      const ids = e.getIds();
      record = {
        ids,
        type_ids: e.getTypeIds(),
        tokens: e.getTokens(),
        offsets: e.getOffsets(),
        word_ids: e.getWordIds().map((w) => (w === null || w === undefined ? -1 : w)),
        special: e.getSpecialTokensMask(),
        decoded: await tok.decode(ids, true),
      };
    } catch (err) {
      record = { error: String(err) };
    }
    if (!out.write(JSON.stringify(record) + '\n')) await new Promise((r) => out.once('drain', r));
  }
  out.end();
  await new Promise((r) => out.on('finish', r));
}

main().catch((e) => { console.error(e); process.exit(1); });
