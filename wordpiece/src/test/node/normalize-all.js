// For every code point (surrogates excluded), the output of the BERT normalizer (uncased: clean,
// CJK spaces, strip accents, lowercase; and lowercase without accent stripping) as a JSON array.
// Usage: node normalize-all.js out.json
const fs = require('fs');
const t = require('tokenizers');
const uncased = t.bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: true, lowercase: true });
const lowerOnly = t.bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: false, lowercase: true });
const a = [], b = [];
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const ch = String.fromCodePoint(cp);
  a.push(uncased.normalizeString(ch));
  b.push(lowerOnly.normalizeString(ch));
}
fs.writeFileSync(process.argv[2], JSON.stringify({ uncased: a, lowercase_only: b }));
