// The reference side of TokenizerBench: Hugging Face tokenizers encoding the same documents on one
// thread (TOKENIZERS_PARALLELISM=false and RAYON_NUM_THREADS=1 are set by the caller), in batches
// with offsets, after a warm-up of a third of the time. Prints one JSON line: bytes, tokens, seconds.
// Usage: node hf-encode-bench.js tokenizer.json documents.json seconds
const fs = require('fs');
const { Tokenizer } = require('tokenizers');

async function main() {
  const [tokenizerFile, docsFile, seconds] = process.argv.slice(2);
  const tok = Tokenizer.fromFile(tokenizerFile);
  const docs = JSON.parse(fs.readFileSync(docsFile, 'utf8'));
  const BATCH = 256;
  // Cycles through the documents, batch after batch, until `limit` seconds have passed.
  async function run(limit) {
    let bytesDone = 0, tokens = 0, i = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    do {
      const batch = docs.slice(i, i + BATCH);
      const encodings = await tok.encodeBatch(batch);
      for (const e of encodings) {
        tokens += e.getLength();
        e.getOffsets();
      }
      for (const d of batch) bytesDone += Buffer.byteLength(d, 'utf8');
      i = i + BATCH >= docs.length ? 0 : i + BATCH;
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    } while (elapsed < limit);
    return { bytes: bytesDone, tokens, seconds: elapsed };
  }
  await run(Math.max(2, Number(seconds) / 3));
  console.log(JSON.stringify(await run(Number(seconds))));
}

main().catch((e) => { console.error(e); process.exit(1); });
