// The reference side of TokenizerBench: Hugging Face tokenizers encoding the same documents on one
// thread (TOKENIZERS_PARALLELISM=false and RAYON_NUM_THREADS=1 are set by the caller), in batches
// with offsets, after a warm-up pass. Prints one JSON line: bytes, tokens, seconds.
// Usage: node hf-encode-bench.js tokenizer.json documents.json seconds
const fs = require('fs');
const { Tokenizer } = require('tokenizers');

async function main() {
  const [tokenizerFile, docsFile, seconds] = process.argv.slice(2);
  const tok = Tokenizer.fromFile(tokenizerFile);
  const docs = JSON.parse(fs.readFileSync(docsFile, 'utf8'));
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d, 'utf8'), 0);
  const BATCH = 256;
  async function pass() {
    let tokens = 0;
    for (let i = 0; i < docs.length; i += BATCH) {
      const encodings = await tok.encodeBatch(docs.slice(i, i + BATCH));
      for (const e of encodings) {
        tokens += e.getLength();
        e.getOffsets();
      }
    }
    return tokens;
  }
  await pass();
  let passes = 0, tokens = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    tokens += await pass();
    passes++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  } while (elapsed < Number(seconds));
  console.log(JSON.stringify({ bytes: bytes * passes, tokens, seconds: elapsed }));
}

main().catch((e) => { console.error(e); process.exit(1); });
