package io.bertstream.trainer.onnx;

import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import java.util.Map;

/**
 * BERT's forward pass in double precision with plain loops, written from the Hugging Face
 * modelling code, independent of the ONNX graph builder: the reference the exported graphs are
 * checked against. Padding keys (attention_mask 0) get no attention weight at all.
 */
final class ReferenceBert {
    private final BertConfig c;
    private final Map<String, Tensor> w;

    ReferenceBert(BertConfig config, Map<String, Tensor> weights) {
        this.c = config;
        this.w = weights;
    }

    /** The last hidden states [batch][seq][hidden]. */
    double[][][] encode(long[][] ids, long[][] mask, long[][] types) {
        double[][][] out = new double[ids.length][][];
        for (int b = 0; b < ids.length; b++) out[b] = encodeOne(ids[b], mask[b], types[b]);
        return out;
    }

    private double[][] encodeOne(long[] ids, long[] mask, long[] types) {
        int s = ids.length, h = c.hiddenSize();
        double[][] x = new double[s][h];
        float[] word = w("bert.embeddings.word_embeddings.weight"), pos = w("bert.embeddings.position_embeddings.weight"),
                type = w("bert.embeddings.token_type_embeddings.weight");
        for (int t = 0; t < s; t++) {
            for (int j = 0; j < h; j++) {
                x[t][j] = word[(int) ids[t] * h + j] + pos[t * h + j] + type[(int) types[t] * h + j];
            }
            x[t] = layerNorm(x[t], "bert.embeddings.LayerNorm");
        }
        for (int l = 0; l < c.numHiddenLayers(); l++) x = layer(x, mask, "bert.encoder.layer." + l + ".");
        return x;
    }

    private double[][] layer(double[][] x, long[] mask, String p) {
        int s = x.length, heads = c.numAttentionHeads(), dh = c.headSize();
        double[][] q = linear(x, p + "attention.self.query"), k = linear(x, p + "attention.self.key"),
                v = linear(x, p + "attention.self.value");
        double[][] context = new double[s][c.hiddenSize()];
        for (int head = 0; head < heads; head++) {
            for (int i = 0; i < s; i++) {
                double[] score = new double[s];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < s; j++) {
                    if (mask[j] == 0) continue;
                    double dot = 0;
                    for (int d = 0; d < dh; d++) dot += q[i][head * dh + d] * k[j][head * dh + d];
                    score[j] = dot / Math.sqrt(dh);
                    max = Math.max(max, score[j]);
                }
                double sum = 0;
                for (int j = 0; j < s; j++) {
                    score[j] = mask[j] == 0 ? 0 : Math.exp(score[j] - max);
                    sum += score[j];
                }
                for (int j = 0; j < s; j++) {
                    for (int d = 0; d < dh; d++) context[i][head * dh + d] += score[j] / sum * v[j][head * dh + d];
                }
            }
        }
        double[][] attended = addLayerNorm(linear(context, p + "attention.output.dense"), x, p + "attention.output.LayerNorm");
        double[][] inner = linear(attended, p + "intermediate.dense");
        for (double[] row : inner) {
            for (int j = 0; j < row.length; j++) row[j] = gelu(row[j]);
        }
        return addLayerNorm(linear(inner, p + "output.dense"), attended, p + "output.LayerNorm");
    }

    /** Masked-LM logits [vocab] for one hidden state. */
    double[] maskedLmLogits(double[] hidden) {
        double[] t = linear(new double[][] {hidden}, "cls.predictions.transform.dense")[0];
        for (int j = 0; j < t.length; j++) t[j] = gelu(t[j]);
        t = layerNorm(t, "cls.predictions.transform.LayerNorm");
        float[] emb = w("bert.embeddings.word_embeddings.weight"), bias = w("cls.predictions.bias");
        double[] logits = new double[c.vocabSize()];
        for (int v = 0; v < logits.length; v++) {
            double dot = bias[v];
            for (int j = 0; j < t.length; j++) dot += t[j] * emb[v * t.length + j];
            logits[v] = dot;
        }
        return logits;
    }

    /** tanh(dense(hidden[0])). */
    double[] pooled(double[][] hidden) {
        double[] p = linear(new double[][] {hidden[0]}, "bert.pooler.dense")[0];
        for (int j = 0; j < p.length; j++) p[j] = Math.tanh(p[j]);
        return p;
    }

    /** A head over the pooled output: "cls.seq_relationship" or "classifier". */
    double[] head(double[] pooled, String prefix) {
        return linear(new double[][] {pooled}, prefix)[0];
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double l : logits) max = Math.max(max, l);
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp(logits[i] - max);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    private double[][] linear(double[][] x, String prefix) {
        float[] weight = w(prefix + ".weight"), bias = w(prefix + ".bias");
        int out = bias.length, in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double dot = bias[o];
                for (int i = 0; i < in; i++) dot += x[t][i] * weight[o * in + i];
                y[t][o] = dot;
            }
        }
        return y;
    }

    private double[][] addLayerNorm(double[][] a, double[][] residual, String prefix) {
        double[][] y = new double[a.length][];
        for (int t = 0; t < a.length; t++) {
            double[] sum = new double[a[t].length];
            for (int j = 0; j < sum.length; j++) sum[j] = a[t][j] + residual[t][j];
            y[t] = layerNorm(sum, prefix);
        }
        return y;
    }

    private double[] layerNorm(double[] x, String prefix) {
        float[] gamma = w(prefix + ".weight"), beta = w(prefix + ".bias");
        double mean = 0, var = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        for (double v : x) var += (v - mean) * (v - mean);
        var /= x.length;
        double[] y = new double[x.length];
        for (int j = 0; j < x.length; j++) y[j] = (x[j] - mean) / Math.sqrt(var + c.layerNormEps()) * gamma[j] + beta[j];
        return y;
    }

    /** Exact GELU: x·Φ(x), with erf from its series / continued fraction (the JDK has none). */
    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf to ~1e-15: Maclaurin series for |x| < 3, else the asymptotic complement (erfc < 2e-5 there). */
    static double erf(double x) {
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            double term = a, sum = a;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17; n++) {
                term *= -a * a / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // erfc(a) ≈ e^{-a²}/(a√π) · (1 − 1/(2a²) + 3/(4a⁴) − 15/(8a⁶)), error well under 1e-9 for a ≥ 3
            double inv = 1 / (a * a);
            r = 1 - Math.exp(-a * a) / (a * Math.sqrt(Math.PI)) * (1 - inv / 2 + 0.75 * inv * inv - 1.875 * inv * inv * inv);
        }
        return Math.copySign(r, x);
    }

    private float[] w(String name) {
        Tensor t = w.get(name);
        if (t == null) throw new IllegalArgumentException("reference: no weight " + name);
        return t.toArray();
    }
}
