package io.bertstream.trainer.autograd;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every op's backward against central finite differences, with broadcasting and strided views. */
class OpsGradientTest {
    private static Tensor rand(long seed, int... shape) {
        return Tensor.randn(seed, 1f, shape);
    }

    private static Tensor positive(long seed, int... shape) {
        return Tensor.uniform(seed, 0.5f, 2f, shape);
    }

    @Test
    void arithmeticWithBroadcasting() {
        GradCheck.check("add", t -> t[0].add(t[1]), rand(1, 2, 3, 4), rand(2, 3, 1));
        GradCheck.check("sub", t -> t[0].sub(t[1]), rand(3, 4), rand(4, 2, 3, 4));
        GradCheck.check("mul", t -> t[0].mul(t[1]), rand(5, 2, 1, 4), rand(6, 3, 1));
        GradCheck.check("div", t -> t[0].div(t[1]), rand(7, 2, 3, 4), positive(8, 1, 4));
        GradCheck.check("mul same shape", t -> t[0].mul(t[1]), rand(9, 5, 7), rand(10, 5, 7));
        GradCheck.check("scalar ops", t -> t[0].mul(3f).add(-2f).neg(), rand(11, 3, 5));
    }

    @Test
    void randomShapesWithBroadcastingAndTransposes() {
        SplittableRandom random = new SplittableRandom(2024);
        for (int trial = 0; trial < 20; trial++) {
            int rank = 1 + random.nextInt(4);
            int[] shape = new int[rank], other = new int[rank];
            for (int i = 0; i < rank; i++) {
                shape[i] = 1 + random.nextInt(5);
                other[i] = random.nextInt(3) == 0 ? 1 : shape[i];
            }
            int[] tail = java.util.Arrays.copyOfRange(other, random.nextInt(rank), rank);
            boolean flip = rank >= 2 && random.nextBoolean();
            String label = "trial " + trial + " " + Shapes.format(shape) + " with " + Shapes.format(tail) + (flip ? " flipped" : "");
            // the first operand is stored with its last two axes swapped and read through a transpose
            int[] stored = shape.clone();
            if (flip) {
                stored[rank - 1] = shape[rank - 2];
                stored[rank - 2] = shape[rank - 1];
            }
            java.util.function.UnaryOperator<Tensor> view = t -> flip ? t.transpose(-1, -2) : t;
            GradCheck.check("add " + label, t -> view.apply(t[0]).add(t[1]), rand(trial, stored), rand(100 + trial, tail));
            GradCheck.check("mul " + label, t -> t[1].mul(view.apply(t[0])), rand(trial, stored), rand(100 + trial, tail));
            GradCheck.check("div " + label, t -> view.apply(t[0]).div(t[1]), rand(trial, stored), positive(100 + trial, tail));

            int m = 1 + random.nextInt(9), k = 1 + random.nextInt(9), n = 1 + random.nextInt(9), batch = 1 + random.nextInt(3);
            boolean ta = random.nextBoolean(), tb = random.nextBoolean();
            Tensor a = ta ? rand(200 + trial, batch, k, m) : rand(200 + trial, batch, m, k);
            Tensor b = tb ? rand(300 + trial, n, k) : rand(300 + trial, k, n);
            GradCheck.check("matmul " + batch + "x" + m + "x" + k + "x" + n + (ta ? " Aᵀ" : "") + (tb ? " Bᵀ" : ""),
                    t -> (ta ? t[0].transpose(1, 2) : t[0]).matmul(tb ? t[1].transpose(0, 1) : t[1]), a, b);
        }
    }

    @Test
    void randomViewsIntoEveryUnaryShapedOp() {
        SplittableRandom random = new SplittableRandom(77);
        for (int trial = 0; trial < 20; trial++) {
            int rank = 1 + random.nextInt(4);
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) shape[i] = 1 + random.nextInt(5);
            int[] order = randomPermutation(random, rank);
            int axis = random.nextInt(rank);
            int from = random.nextInt(shape[order[axis]]);
            int to = from + 1 + random.nextInt(shape[order[axis]] - from);
            int reduceAxis = random.nextInt(rank) - rank; // negative axes too
            boolean keep = random.nextBoolean();
            String label = "trial " + trial + " " + Shapes.format(shape) + " permuted " + Shapes.format(order)
                    + " sliced " + axis + ":[" + from + "," + to + ")";
            java.util.function.UnaryOperator<Tensor> view = t -> t.permute(order).slice(axis, from, to);
            Tensor x = rand(400 + trial, shape);
            GradCheck.check("sum " + label, t -> view.apply(t[0]).sum(keep, reduceAxis), x);
            GradCheck.check("softmax " + label, t -> view.apply(t[0]).softmax(reduceAxis), x);
            GradCheck.check("logSoftmax " + label, t -> view.apply(t[0]).logSoftmax(reduceAxis), x);
            GradCheck.check("gelu " + label, t -> view.apply(t[0]).gelu(), x);
            GradCheck.check("exp " + label, t -> view.apply(t[0]).exp(), x);
            GradCheck.check("reshape " + label, t -> view.apply(t[0]).reshape(-1).mul(2f), x);
            int last = view.apply(x).dim(-1);
            if (last >= 3) { // over two elements LayerNorm is a near-step function that differences cannot follow
                GradCheck.check("layerNorm " + label, t -> view.apply(t[0]).layerNorm(t[1], t[2], 1e-5f), x,
                        rand(500 + trial, last), rand(600 + trial, last));
            }
        }
    }

    private static int[] randomPermutation(SplittableRandom random, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Test
    void arithmeticOnStridedViews() {
        GradCheck.check("add transposed", t -> t[0].transpose(0, 1).add(t[1]), rand(12, 4, 3), rand(13, 3, 4));
        GradCheck.check("mul sliced", t -> t[0].slice(1, 1, 4).mul(t[1].permute(1, 0)), rand(14, 2, 5), rand(15, 3, 2));
    }

    @Test
    void unaryFunctions() {
        GradCheck.check("exp", t -> t[0].exp(), rand(20, 3, 11));
        GradCheck.check("log", t -> t[0].log(), positive(21, 3, 11));
        GradCheck.check("tanh", t -> t[0].tanh(), rand(22, 3, 11));
        GradCheck.check("sqrt", t -> t[0].sqrt(), positive(23, 3, 11));
        GradCheck.check("exp of a transpose", t -> t[0].transpose(0, 1).exp(), rand(24, 5, 3));
    }

    @Test
    void matmul() {
        GradCheck.check("matmul 2d", t -> t[0].matmul(t[1]), rand(30, 7, 13), rand(31, 13, 9));
        GradCheck.check("matmul transposed operands", t -> t[0].transpose(0, 1).matmul(t[1].transpose(0, 1)),
                rand(32, 13, 7), rand(33, 9, 13));
        GradCheck.check("matmul batched broadcast", t -> t[0].matmul(t[1]), rand(34, 2, 3, 5, 4), rand(35, 3, 4, 6));
        GradCheck.check("matmul batched broadcast left", t -> t[0].matmul(t[1]), rand(36, 5, 4), rand(37, 2, 4, 3));
        GradCheck.check("matmul folded rows", t -> t[0].matmul(t[1]), rand(38, 2, 5, 7), rand(39, 7, 3));
        GradCheck.check("matmul unfoldable rows", t -> t[0].permute(1, 0, 2).matmul(t[1]), rand(40, 5, 2, 7), rand(41, 7, 3));
        GradCheck.check("attention heads", t -> t[0].permute(0, 2, 1, 3).matmul(t[1].permute(0, 2, 3, 1)),
                rand(42, 2, 5, 3, 4), rand(43, 2, 6, 3, 4));
        GradCheck.check("matmul into a permuted layout", t -> t[0].matmulPermuted(t[1], 0, 2, 1, 3), rand(47, 2, 3, 5, 4),
                rand(48, 2, 3, 4, 6));
        GradCheck.check("matmul into a permuted layout, B broadcast", t -> t[0].matmulPermuted(t[1], 1, 0, 2), rand(49, 3, 5, 4),
                rand(50, 4, 6));
        // views of one stacked projection: gradients added in place, row-major (Q, V) and column-major (Kᵀ)
        GradCheck.check("attention heads sliced from one tensor", t -> {
            Tensor q = t[0].slice(2, 0, 4).reshape(2, 3, 2, 2).permute(0, 2, 1, 3);
            Tensor kT = t[0].slice(2, 4, 8).reshape(2, 3, 2, 2).permute(0, 2, 3, 1);
            Tensor v = t[0].slice(2, 8, 12).reshape(2, 3, 2, 2).permute(0, 2, 1, 3);
            return q.matmul(kT).matmul(v);
        }, rand(44, 2, 3, 12));
        GradCheck.check("a view read by a product and an elementwise op", t -> {
            Tensor v = t[0].slice(1, 1, 4).permute(0, 2, 1);
            return v.matmul(t[1]).add(v.mul(v));
        }, rand(45, 2, 5, 3), rand(46, 2, 3, 3));
    }

    @Test
    void linear() {
        GradCheck.check("linear", t -> t[0].linear(t[1], t[2]), rand(50, 2, 3, 6), rand(51, 5, 6), rand(52, 5));
        GradCheck.check("linear no bias, transposed weight", t -> t[0].linear(t[1].transpose(0, 1), null),
                rand(53, 4, 6), rand(54, 6, 5));
        GradCheck.check("linear of a permuted input", t -> t[0].permute(1, 0, 2).linear(t[1], t[2]),
                rand(55, 3, 2, 6), rand(56, 5, 6), rand(57, 5));
        // an intermediate input that feeds a second op too: the linear's backward writes the
        // input's gradient when it runs first and adds to it when it runs second
        GradCheck.check("linear of an input used twice", t -> {
            Tensor h = t[0].mul(2f);
            return h.linear(t[1], t[2]).add(h.mul(3f));
        }, rand(58, 2, 3, 6), rand(59, 6, 6), rand(60, 6));
        GradCheck.check("linear of an input used twice, other order", t -> {
            Tensor h = t[0].mul(2f);
            return h.mul(3f).add(h.linear(t[1], t[2]));
        }, rand(58, 2, 3, 6), rand(59, 6, 6), rand(60, 6));
        GradCheck.check("matmul of an input used twice", t -> {
            Tensor h = t[0].mul(2f);
            return h.matmul(t[1]).add(h.mul(3f));
        }, rand(61, 2, 3, 4), rand(62, 4, 4));
    }

    @Test
    void reductions() {
        GradCheck.check("sum all", t -> t[0].sum(), rand(60, 3, 4, 5));
        GradCheck.check("sum middle keep", t -> t[0].sum(true, 1), rand(61, 3, 4, 5));
        GradCheck.check("sum last", t -> t[0].sum(false, -1), rand(62, 3, 4, 5));
        GradCheck.check("mean two axes", t -> t[0].mean(false, 0, 2), rand(63, 3, 4, 5));
        GradCheck.check("mean of a view", t -> t[0].transpose(0, 2).mean(true, 0), rand(64, 3, 4, 5));
    }

    @Test
    void softmaxFamily() {
        GradCheck.check("softmax last", t -> t[0].softmax(-1), rand(70, 3, 4, 19));
        GradCheck.check("softmax middle", t -> t[0].softmax(1), rand(71, 3, 4, 5));
        GradCheck.check("logSoftmax", t -> t[0].logSoftmax(-1), rand(72, 6, 21));
        GradCheck.check("logSoftmax first", t -> t[0].logSoftmax(0), rand(73, 6, 5));
        Tensor bias = rand(74, 2, 1, 1, 5);
        GradCheck.check("scaledSoftmax with a broadcast bias", t -> t[0].scaledSoftmax(0.7f, bias), rand(75, 2, 3, 4, 5));
        GradCheck.check("scaledSoftmax of a view, no bias", t -> t[0].permute(0, 2, 1).scaledSoftmax(1.3f, null), rand(76, 3, 9, 4));
    }

    @Test
    void gelu() {
        GradCheck.check("gelu", t -> t[0].gelu(), Tensor.randn(80, 2f, 4, 37));
    }

    @Test
    void layerNorm() {
        GradCheck.check("layerNorm", t -> t[0].layerNorm(t[1], t[2], 1e-5f), rand(90, 3, 4, 13), rand(91, 13), rand(92, 13));
        // wide enough for the vector kernels' blocks of columns as well as their scalar tails
        GradCheck.check("layerNorm, 37 wide", t -> t[0].mul(1.5f).layerNorm(t[1], t[2], 1e-5f), rand(93, 6, 37), positive(94, 37),
                rand(95, 37));
        GradCheck.check("layerNorm of a view", t -> t[0].transpose(0, 1).layerNorm(t[1], t[2], 1e-5f),
                rand(93, 8, 3), rand(94, 8), rand(95, 8));
    }

    @Test
    void crossEntropy() {
        int[] targets = {3, -100, 0, 6, 2, -100};
        GradCheck.check("crossEntropy", t -> Losses.crossEntropy(t[0], targets, -100), Tensor.randn(100, 3f, 2, 3, 7));
        GradCheck.check("crossEntropy of a transpose", t -> Losses.crossEntropy(t[0].transpose(0, 1), new int[] {1, 0, 4}, -1),
                rand(101, 5, 3));
    }

    @Test
    void embeddingGatherScatter() {
        int[] ids = {2, 0, 2, 4, 1, 2};
        GradCheck.check("embedding", t -> Embedding.lookup(t[0], ids, 2, 3), rand(110, 5, 4));
    }

    @Test
    void dropoutAndMasking() {
        GradCheck.check("dropout", t -> t[0].dropout(0.3f, 1234L), rand(120, 4, 33));
        Tensor mask = Tensor.of(new float[] {0, 1, 0, 0, 1}, 1, 5);
        GradCheck.check("maskedFill", t -> t[0].maskedFill(mask, -1e4f).softmax(-1), rand(121, 3, 5));
    }

    @Test
    void viewsAndCopies() {
        GradCheck.check("reshape", t -> t[0].reshape(4, -1).mul(t[1]), rand(130, 2, 3, 4), rand(131, 4, 6));
        GradCheck.check("reshape of a transpose", t -> t[0].transpose(0, 1).reshape(-1).mul(t[0].reshape(-1)), rand(132, 3, 3));
        GradCheck.check("permute contiguous", t -> t[0].permute(2, 0, 1).contiguous(), rand(133, 2, 3, 4));
        GradCheck.check("cat", t -> Tensor.cat(1, t[0], t[1].transpose(1, 2), t[0]), rand(134, 2, 3, 4), rand(135, 2, 4, 2));
        GradCheck.check("split", t -> {
            var parts = t[0].split(-1, 2, 3, 1);
            return parts.get(0).sum(true, -1).mul(parts.get(1)).add(parts.get(2));
        }, rand(136, 3, 6));
    }

    @Test
    void opsOverIntermediatesWriteTheirInputGradientInPlace() {
        // the inputs here are op outputs, not leaves: their backward takes over the output's gradient buffer
        Tensor gamma = positive(140, 6), beta = rand(141, 6);
        GradCheck.check("gelu of an intermediate", t -> t[0].mul(1.5f).gelu(), rand(142, 3, 6));
        GradCheck.check("dropout of an intermediate", t -> t[0].mul(1.5f).dropout(0.3f, 9), rand(143, 3, 40));
        GradCheck.check("residual add", t -> t[0].mul(1.5f).add(t[1].tanh()), rand(144, 3, 6), rand(145, 3, 6));
        GradCheck.check("layerNorm of an intermediate", t -> t[0].mul(1.5f).layerNorm(t[1], t[2], 1e-5f), rand(146, 4, 6), gamma, beta);
        GradCheck.check("reshape of an intermediate", t -> t[0].mul(1.5f).reshape(2, 9).mul(t[1]), rand(148, 3, 6), rand(149, 2, 9));
        GradCheck.check("contiguous copy of a permuted intermediate", t -> t[0].mul(1.5f).permute(1, 0).contiguous().mul(t[1]),
                rand(150, 3, 6), rand(151, 6, 3));
        GradCheck.check("an intermediate read twice", t -> {
            Tensor h = t[0].mul(1.5f);
            return h.gelu().add(h.mul(h));
        }, rand(147, 3, 6));
    }

    @Test
    void smallTransformerBlock() {
        // attention with heads, residual, LayerNorm, GELU feed-forward: ops composed as a layer uses them
        GradCheck.check("block", t -> {
            Tensor x = t[0];
            Tensor qkv = x.linear(t[1], null).reshape(2, 3, 3, 2, 2);
            Tensor q = qkv.slice(2, 0, 1).reshape(2, 3, 2, 2).permute(0, 2, 1, 3);
            Tensor k = qkv.slice(2, 1, 2).reshape(2, 3, 2, 2).permute(0, 2, 3, 1);
            Tensor v = qkv.slice(2, 2, 3).reshape(2, 3, 2, 2).permute(0, 2, 1, 3);
            Tensor att = q.matmul(k).mul(0.7f).softmax(-1).matmul(v).permute(0, 2, 1, 3).reshape(2, 3, 4);
            Tensor h = x.add(att).layerNorm(t[2], t[3], 1e-5f);
            return h.add(h.linear(t[4], null).gelu().linear(t[5], null));
        }, rand(140, 2, 3, 4), Tensor.randn(141, 0.5f, 12, 4), rand(142, 4), rand(143, 4),
                Tensor.randn(144, 0.5f, 8, 4), Tensor.randn(145, 0.5f, 4, 8));
    }
}
