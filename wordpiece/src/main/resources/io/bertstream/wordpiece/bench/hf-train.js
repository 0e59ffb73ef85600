// Trains a WordPiece vocabulary with Hugging Face's WordPieceTrainer on text files and saves the
// tokenizer.json. The Node binding only exposes the model's default trainer (vocabulary size
// 30000, no minimum frequency, no alphabet limit, no special tokens); merges come in the same order
// whatever the target size, so the first ids are what a smaller size would give.
// Usage: node hf-train.js out.json file...
const { Tokenizer, WordPiece, bertNormalizer, bertPreTokenizer, bertProcessing, wordPieceDecoder } = require('tokenizers');
const [out, ...files] = process.argv.slice(2);
const tok = new Tokenizer(WordPiece.empty());
tok.setNormalizer(bertNormalizer({ cleanText: true, handleChineseChars: true, lowercase: true }));
tok.setPreTokenizer(bertPreTokenizer());
tok.setDecoder(wordPieceDecoder());
tok.train(files);
// As a user would finish it: BERT's special tokens (added after the trained vocabulary) and the
// [CLS] A [SEP] B [SEP] post-processor; the model itself has no [UNK], so unknown words fail.
tok.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
tok.setPostProcessor(bertProcessing(['[SEP]', tok.tokenToId('[SEP]')], ['[CLS]', tok.tokenToId('[CLS]')]));
tok.save(out, true);
