package io.bertstream.trainer.autograd;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A float32 n-dimensional array with reverse-mode automatic differentiation.
 *
 * <p>Storage is a {@code float[]} read through an offset and per-dimension strides, so
 * reshape, transpose, permute and slice are views that copy nothing. Ops write new
 * contiguous outputs. A tensor that an op produced remembers its inputs and how to send its
 * gradient back to them; {@link #backward()} on a scalar loss walks that graph once, in
 * reverse topological order, and adds gradients into every tensor that
 * {@link #requiresGrad() requires} them. Leaf gradients accumulate across calls until
 * {@link #zeroGrad()}; intermediate gradients and saved inputs are dropped as soon as their
 * op's backward has run.
 *
 * <p>The ops are methods here; their math lives in small classes next to this one
 * ({@link Elementwise}, {@link MatMul}, {@link Reductions}, {@link Activations},
 * {@link Normalization}, {@link Losses}, {@link Views}, ...).
 */
public final class Tensor {
    final float[] data;
    final int offset;
    final int[] shape;
    final int[] strides;
    final int size;

    private boolean leafRequiresGrad;
    private float[] grad;
    private Tensor[] parents;
    private Backward backward;
    private String op;
    /** For a view: the contiguous tensor whose data it views (through any chain of views), else null. */
    private Tensor viewed;

    Tensor(float[] data, int offset, int[] shape, int[] strides) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        this.size = Shapes.size(shape);
    }

    // ---- creation ------------------------------------------------------------------------

    /** A contiguous tensor over {@code values} (not copied) with the given shape. */
    public static Tensor of(float[] values, int... shape) {
        int n = Shapes.size(shape);
        if (values.length != n) {
            throw new IllegalArgumentException(
                    values.length + " values do not fill shape " + Shapes.format(shape) + " (" + n + ")");
        }
        return new Tensor(values, 0, shape.clone(), Shapes.contiguousStrides(shape));
    }

    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /** Zeros, allocated from the heap (never from an arena): use for parameters and state. */
    public static Tensor zeros(int... shape) {
        return of(new float[Shapes.size(shape)], shape);
    }

    /** Every element {@code value}, heap-allocated. */
    public static Tensor full(float value, int... shape) {
        float[] v = new float[Shapes.size(shape)];
        Arrays.fill(v, value);
        return of(v, shape);
    }

    /** Normal(0, std²) samples from a seeded generator, heap-allocated. */
    public static Tensor randn(long seed, float std, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (gaussian(random) * std);
        return of(v, shape);
    }

    /** Uniform samples in {@code [low, high)} from a seeded generator, heap-allocated. */
    public static Tensor uniform(long seed, float low, float high, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (low + (high - low) * random.nextDouble());
        return of(v, shape);
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian before JDK 17's RandomGenerator default.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    /** A new contiguous op output from the current arena (uninitialised unless zeroed). */
    static Tensor empty(int[] shape, boolean zeroed) {
        return new Tensor(Arena.allocate(Shapes.size(shape), zeroed), 0, shape, Shapes.contiguousStrides(shape));
    }

    // ---- shape and data ------------------------------------------------------------------

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[Shapes.axis(axis, shape.length)];
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return size;
    }

    public boolean isContiguous() {
        return Shapes.isContiguous(shape, strides);
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (size != 1) throw new IllegalStateException("item() needs one element, shape is " + Shapes.format(shape));
        return data[offset];
    }

    /** The element at a full index. */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + index.length + " for shape " + Shapes.format(shape));
        }
        int p = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " for shape " + Shapes.format(shape));
            }
            p += index[i] * strides[i];
        }
        return data[p];
    }

    /** A fresh row-major copy of the elements. */
    public float[] toArray() {
        if (isContiguous()) return Arrays.copyOfRange(data, offset, offset + size);
        float[] out = new float[size];
        Strided.copy(this, new Tensor(out, 0, shape, Shapes.contiguousStrides(shape)));
        return out;
    }

    /**
     * The backing array of a contiguous tensor that starts at offset 0, such as a parameter:
     * for optimizers and loaders that update values in place.
     */
    public float[] data() {
        if (offset != 0 || !isContiguous() || data.length != size) {
            throw new IllegalStateException("data() needs a whole contiguous tensor; this one is a view of shape "
                    + Shapes.format(shape));
        }
        return data;
    }

    // ---- gradients -----------------------------------------------------------------------

    /** Marks a leaf (a parameter or an input) as needing its gradient; returns this. */
    public Tensor requiresGrad(boolean on) {
        if (backward != null) throw new IllegalStateException("requiresGrad is set on leaves; this is the output of " + op);
        leafRequiresGrad = on;
        return this;
    }

    /** Whether backward will compute this tensor's gradient. */
    public boolean requiresGrad() {
        return leafRequiresGrad || backward != null;
    }

    /** The accumulated gradient as a tensor of this shape, or null if none has been computed. */
    public Tensor grad() {
        return grad == null ? null : new Tensor(grad, 0, shape, Shapes.contiguousStrides(shape));
    }

    /** The accumulated gradient array (row-major, this shape), or null; for optimizers. */
    public float[] gradArray() {
        return grad;
    }

    /** Clears the accumulated gradient (to zeros, keeping the array). */
    public void zeroGrad() {
        if (grad != null) Arrays.fill(grad, 0f);
    }

    /**
     * This tensor's gradient array, created zeroed on first use, for backward functions to add
     * into. Leaves get heap arrays (they outlive an arena scope); intermediates get arena arrays.
     */
    float[] gradBuffer() {
        if (grad == null) grad = leafRequiresGrad ? new float[size] : Arena.allocate(size, true);
        return grad;
    }

    /**
     * Where a backward that computes this tensor's whole gradient in one go puts it, and whether
     * it must add it there: when there is none yet and this is not a leaf (whose gradient outlives
     * the step), an arena buffer left as it is, to be written over, so there is no zero fill and
     * a product need not read its output back; otherwise {@link #gradBuffer()}, to add into.
     */
    GradTarget wholeGradTarget() {
        if (grad != null || leafRequiresGrad) return new GradTarget(gradBuffer(), true);
        grad = Arena.allocate(size, false);
        return new GradTarget(grad, false);
    }

    /** A gradient buffer and whether to add into it (else to write over it). */
    record GradTarget(float[] buffer, boolean accumulate) {}

    /**
     * For a view of a contiguous tensor: that tensor's gradient buffer read through this view's
     * offset and strides, so a backward can add this view's gradient in place and the view's own
     * backward has nothing to copy (it runs only for gradient added to {@link #gradBuffer()}).
     * Null for anything else.
     */
    Tensor gradAlias() {
        return viewed == null ? null : new Tensor(viewed.gradBuffer(), offset - viewed.offset, shape, strides);
    }

    /** Marks this as a view of {@code base}'s data, for {@link #gradAlias()}. */
    void viewOf(Tensor base) {
        viewed = base.viewed != null ? base.viewed : base.isContiguous() ? base : null;
    }

    /**
     * The buffer the backward of {@code out} (an op output whose gradient g that backward is
     * reading) puts this input's gradient in. When this input has none yet, is not a leaf (whose
     * gradient outlives the step) and has g's size, that is g's own buffer, taken over: the
     * backward, once done reading g, writes this gradient over it in place (the caller tells by
     * {@code result == g}) instead of adding into a fresh zeroed buffer; the same values, one
     * buffer and two passes over memory fewer. Otherwise {@link #gradBuffer()}, to add into.
     */
    float[] gradBufferTaking(Tensor out) {
        if (grad != null || leafRequiresGrad || out.grad == null || out.grad.length != size) return gradBuffer();
        grad = out.grad;
        out.grad = null;
        return grad;
    }

    /** Computes the gradient of this scalar with respect to every tensor that requires one. */
    public void backward() {
        if (size != 1) throw new IllegalStateException("backward() needs a scalar loss, shape is " + Shapes.format(shape));
        if (!requiresGrad()) throw new IllegalStateException("backward(): nothing in this graph requires a gradient");
        Graph.backward(this);
    }

    /** The same data, cut off from the graph. */
    public Tensor detach() {
        return new Tensor(data, offset, shape, strides);
    }

    /** The name of the op that produced this tensor, or null for a leaf. */
    public String op() {
        return op;
    }

    Tensor[] parents() {
        return parents;
    }

    Backward backwardFn() {
        return backward;
    }

    /**
     * Drops what backward kept alive for this node, called once its backward has run; an
     * intermediate's gradient buffer goes straight back to the arena for the rest of the sweep.
     */
    void releaseGraph() {
        parents = null;
        backward = null;
        viewed = null;
        if (!leafRequiresGrad && grad != null) {
            Arena.releaseEarly(grad);
            grad = null;
        }
    }

    /**
     * Records this op output in the graph when grad mode is on and any input requires a
     * gradient; also reports the op's forward time to the profiler. Returns this.
     */
    Tensor record(String name, long startNanos, Backward fn, Tensor... inputs) {
        Profiler.stop(name, startNanos);
        this.op = name;
        if (!GradMode.isEnabled()) return this;
        for (Tensor in : inputs) {
            if (in.requiresGrad()) {
                this.parents = inputs;
                this.backward = fn;
                return this;
            }
        }
        return this;
    }

    // ---- ops: elementwise ----------------------------------------------------------------

    public Tensor add(Tensor other) { return Elementwise.binary(Elementwise.Binary.ADD, this, other); }
    public Tensor sub(Tensor other) { return Elementwise.binary(Elementwise.Binary.SUB, this, other); }
    public Tensor mul(Tensor other) { return Elementwise.binary(Elementwise.Binary.MUL, this, other); }
    public Tensor div(Tensor other) { return Elementwise.binary(Elementwise.Binary.DIV, this, other); }

    /** {@code this * scale + shift}, elementwise. */
    public Tensor affine(float scale, float shift) { return Elementwise.affine(this, scale, shift); }
    public Tensor add(float value) { return affine(1f, value); }
    public Tensor mul(float value) { return affine(value, 0f); }
    public Tensor neg() { return affine(-1f, 0f); }

    public Tensor exp() { return Elementwise.unary(Elementwise.Unary.EXP, this); }
    public Tensor log() { return Elementwise.unary(Elementwise.Unary.LOG, this); }
    public Tensor tanh() { return Elementwise.unary(Elementwise.Unary.TANH, this); }
    public Tensor sqrt() { return Elementwise.unary(Elementwise.Unary.SQRT, this); }

    /** Where {@code mask} (broadcast to this shape) is non-zero, {@code value}; elsewhere this. */
    public Tensor maskedFill(Tensor mask, float value) { return Elementwise.maskedFill(this, mask, value); }

    // ---- ops: matrix products ------------------------------------------------------------

    /** Matrix product over the last two axes, broadcasting leading (batch) axes. */
    public Tensor matmul(Tensor other) { return MatMul.matmul(this, other); }
    /**
     * {@code matmul(other).permute(order).contiguous()} without the copy: the products are written
     * straight into that layout (attention's heads merged back to [batch, seq, heads, head]). The
     * last axis must stay last.
     */
    public Tensor matmulPermuted(Tensor other, int... order) { return MatMul.matmul(this, other, order.clone()); }

    /** {@code this · weightᵀ + bias} with PyTorch's [out, in] weight layout; bias may be null. */
    public Tensor linear(Tensor weight, Tensor bias) { return MatMul.linear(this, weight, bias); }

    // ---- ops: reductions -----------------------------------------------------------------

    /** Sum of all elements, a scalar. */
    public Tensor sum() { return Reductions.sum(this, allAxes(), false); }
    /** Sum over the given axes (negative counts from the end). */
    public Tensor sum(boolean keepDims, int... axes) { return Reductions.sum(this, axes, keepDims); }
    public Tensor mean() { return Reductions.mean(this, allAxes(), false); }
    public Tensor mean(boolean keepDims, int... axes) { return Reductions.mean(this, axes, keepDims); }

    private int[] allAxes() {
        int[] axes = new int[shape.length];
        for (int i = 0; i < axes.length; i++) axes[i] = i;
        return axes;
    }

    // ---- ops: activations, normalisation, regularisation ---------------------------------

    public Tensor softmax(int axis) { return Activations.softmax(this, axis, false); }
    public Tensor logSoftmax(int axis) { return Activations.softmax(this, axis, true); }
    /** {@code softmax(this·scale + bias)} along the last axis, fused; {@code bias} (or null) has the last axis's length, broadcasts over the others and takes no gradient. */
    public Tensor scaledSoftmax(float scale, Tensor bias) { return Activations.scaledSoftmax(this, scale, bias); }
    /** GELU in BERT's exact form, {@code x·Φ(x)} with the erf-based normal CDF. */
    public Tensor gelu() { return Activations.gelu(this); }

    /** LayerNorm over the last axis with scale {@code gamma} and shift {@code beta} (both [last]). */
    public Tensor layerNorm(Tensor gamma, Tensor beta, float eps) { return Normalization.layerNorm(this, gamma, beta, eps); }

    /** Inverted dropout with probability {@code p}; the mask is a pure function of {@code seed}. */
    public Tensor dropout(float p, long seed) { return Dropout.apply(this, p, seed); }

    // ---- ops: views and copies -----------------------------------------------------------

    /** A view with a new shape (one dimension may be -1); copies only if this is not contiguous. */
    public Tensor reshape(int... newShape) { return Views.reshape(this, newShape); }
    public Tensor transpose(int axis0, int axis1) { return Views.transpose(this, axis0, axis1); }
    public Tensor permute(int... order) { return Views.permute(this, order); }
    /** The view {@code [from, to)} along {@code axis}. */
    public Tensor slice(int axis, int from, int to) { return Views.slice(this, axis, from, to); }
    /** Consecutive slices of the given sizes along {@code axis}. */
    public List<Tensor> split(int axis, int... sizes) { return Views.split(this, axis, sizes); }
    /** This, or a row-major copy of it if it is a strided view. */
    public Tensor contiguous() { return Views.contiguous(this); }
    /** Concatenation along {@code axis}. */
    public static Tensor cat(int axis, Tensor... parts) { return Views.cat(axis, parts); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.format(shape));
        if (op != null) sb.append(" op=").append(op);
        if (requiresGrad()) sb.append(" requiresGrad");
        if (size <= 16) sb.append(' ').append(Arrays.toString(toArray()));
        return sb.toString();
    }
}
