package io.bertstream.trainer.autograd;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix multiply {@code C (+)= A·B} on the Vector API, in the BLIS
 * structure: B is packed in KC×NC blocks into NR-wide column panels, A in MC×KC blocks into
 * MR-tall row panels, and a register-tiled micro-kernel keeps an MR×NR block of C in vector
 * registers while it streams both panels with fused multiply-adds.
 *
 * <p>Every operand is given as (array, offset, row stride, column stride), so transposed and
 * other strided views are read in place: the transpose is folded into the packing. The tile is
 * {@link #MR}×2V for the preferred species of {@code V} lanes.
 */
public final class Gemm {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int V = SPECIES.length();
    /**
     * Micro-tile height: rows of C held in registers. Six rows (12 accumulators, as OpenBLAS's
     * AVX2 sgemm kernel) fit the 32 registers of AVX-512, and the 16 of AVX2 only with two
     * registers left for the broadcast A values: C2's pressure-aware scheduler
     * ({@code -XX:+OptoRegScheduling}, the default) hoists three or more broadcasts ahead of the
     * FMAs, so one accumulator lives on the stack and the 6×16 kernel ran at 0.54-0.72 of the
     * 4×16 one. With {@code -XX:-OptoRegScheduling}, which the launcher and the tests set, it
     * compiles without a spill and ran 1.10× the 4×16 kernel in L1, and products 1.04-1.25× (two
     * threads, same-JVM runs). Without that flag AVX2 keeps the 4×16 tile, and so do JDKs before
     * 25, whose C2 was not checked for the spill.
     */
    static final int MR = V >= 16 || (!VmOptions.flag("OptoRegScheduling", true) && Runtime.version().feature() >= 25) ? 6 : 4;
    static final int NR = 2 * V;
    /**
     * Depth of a packed block. On AVX2 a B micro-panel of 384×16 floats (24 KB) leaves room for
     * the A micro-panel in a 32 KB L1, and the C tiles are reloaded a third less often than with
     * 256 (with {@link #MC} 192, 2-9 % faster over the FFN shapes in alternating runs); the AVX-512
     * tile keeps the 256 it was measured with.
     */
    static final int KC = V >= 16 ? 256 : 384;
    static final int MC = 192; // a multiple of both tile heights; an A block of MC×KC stays in L2
    static final int NC = 4096;

    /**
     * Blocks of C per thread, at most. On the shared 2-core machine one core often runs a third
     * slower than the other for a while; with two fixed halves the fast thread then waits for the
     * slow one. Three blocks each, taken as the threads go, were 5 % faster on products of 4096
     * rows in alternating runs. Each block packs the operand the blocks share again, so a block
     * keeps at least {@link #MIN_CHUNK} rows (or columns): with 1024, a gradient product of depth
     * 4096 ran 5-15 % slower in three blocks per thread than in halves.
     */
    static final int CHUNKS_PER_THREAD = 3;
    static final int MIN_CHUNK = 512;

    /** Below this many multiply-adds a product runs on one thread. */
    private static final long PARALLEL_WORK = 1L << 18;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Gemm() {}

    /** One operand: element (i, j) is {@code data[offset + i*rowStride + j*colStride]}. */
    public record Operand(float[] data, int offset, int rowStride, int colStride) {
        /** A row-major matrix with {@code cols} columns. */
        public static Operand rowMajor(float[] data, int offset, int cols) {
            return new Operand(data, offset, cols, 1);
        }

        /** The transpose, as a view of the same data. */
        public Operand transposed() {
            return new Operand(data, offset, colStride, rowStride);
        }

        Operand shifted(int rows, int cols) {
            return new Operand(data, offset + rows * rowStride + cols * colStride, rowStride, colStride);
        }
    }

    /**
     * {@code C[m×n] = A[m×k]·B[k×n]}, or {@code C += A·B} when {@code accumulate}; C is row-major
     * with leading dimension {@code ldc}. Uses {@link Parallel#threads()} threads: C is cut into
     * blocks of rows (or of columns when it is wider than tall), one to {@link #CHUNKS_PER_THREAD}
     * per thread, which the threads take as they go, so each element is computed by one block in
     * a fixed order whichever thread runs it.
     */
    public static void multiply(int m, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc,
            boolean accumulate) {
        multiply(m, n, k, a, b, null, c, cOff, ldc, accumulate);
    }

    /**
     * {@code C[m×n] = A·B + bias}, the row vector {@code bias[0..n)} added to every row as C is
     * written: cheaper than filling C with the bias and adding the product into it, which makes
     * every micro-kernel read its tile of C back from memory.
     */
    public static void multiplyAddingBias(int m, int n, int k, Operand a, Operand b, float[] bias, float[] c, int cOff,
            int ldc) {
        if (bias.length < n) throw new IllegalArgumentException("bias of " + bias.length + " for " + n + " columns");
        multiply(m, n, k, a, b, new Bias(bias, 0), c, cOff, ldc, false);
    }

    private static void multiply(int m, int n, int k, Operand a, Operand b, Bias bias, float[] c, int cOff, int ldc,
            boolean accumulate) {
        long work = (long) m * n * k;
        int threads = Parallel.threads(), mr = tileRows(m);
        if (work < PARALLEL_WORK || threads == 1) {
            multiplySerial(m, n, k, a, b, bias, c, cOff, ldc, accumulate, mr);
        } else if (m >= n) {
            int tiles = (m + mr - 1) / mr, chunks = Math.min(tiles, chunks(m, threads));
            Parallel.forEachChunk(chunks, ch -> {
                int r0 = Parallel.chunkStart(tiles, chunks, ch) * mr, r1 = Math.min(m, Parallel.chunkStart(tiles, chunks, ch + 1) * mr);
                multiplySerial(r1 - r0, n, k, a.shifted(r0, 0), b, bias, c, cOff + r0 * ldc, ldc, accumulate, mr);
            });
        } else {
            int tiles = (n + NR - 1) / NR, chunks = Math.min(tiles, chunks(n, threads));
            Parallel.forEachChunk(chunks, ch -> {
                int c0 = Parallel.chunkStart(tiles, chunks, ch) * NR, c1 = Math.min(n, Parallel.chunkStart(tiles, chunks, ch + 1) * NR);
                multiplySerial(m, c1 - c0, k, a, b.shifted(0, c0), bias == null ? null : bias.shifted(c0), c, cOff + c0, ldc,
                        accumulate, mr);
            });
        }
    }

    /**
     * The tile height for a product of {@code m} rows: on AVX2, the 4-row tile for small products
     * where the 6-row one would leave a partial panel and the 4-row one does not (attention's 128
     * rows per head; in same-JVM training steps, with the 4-row tile up to 1,024 rows instead:
     * 1.019 and 1.026 in favour of the limit of 256, and 0.986 with no 4-row products at all).
     */
    private static int tileRows(int m) {
        return MR == 6 && V == 8 && m < 256 && m % 6 != 0 && m % 4 == 0 ? 4 : MR;
    }

    /** A row vector added to every row of C: element j is {@code data[offset + j]}. */
    private record Bias(float[] data, int offset) {
        Bias shifted(int cols) {
            return new Bias(data, offset + cols);
        }

        /** Adds the first {@code cols} elements to {@code c[o..o+cols)}, one at a time (the edges, not full tiles). */
        void addTo(float[] c, int o, int cols) {
            for (int j = 0; j < cols; j++) c[o + j] += data[offset + j];
        }
    }

    /** How many blocks {@code extent} rows (or columns) of C are cut into for {@code threads} threads. */
    private static int chunks(int extent, int threads) {
        return Math.max(threads, Math.min(CHUNKS_PER_THREAD * threads, extent / MIN_CHUNK));
    }

    /** {@link #multiply} on the calling thread only. */
    public static void multiplySerial(int m, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc,
            boolean accumulate) {
        multiplySerial(m, n, k, a, b, null, c, cOff, ldc, accumulate, tileRows(m));
    }

    /** {@link #multiplySerial} with micro-tiles of {@code mr} rows (4 or 6), so tests can run both kernels anywhere. */
    static void multiplySerial(int m, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc,
            boolean accumulate, int mr) {
        multiplySerial(m, n, k, a, b, null, c, cOff, ldc, accumulate, mr);
    }

    /** {@link #multiplyAddingBias} on the calling thread only, with micro-tiles of {@code mr} rows; for tests. */
    static void multiplySerialAddingBias(int m, int n, int k, Operand a, Operand b, float[] bias, float[] c, int ldc, int mr) {
        multiplySerial(m, n, k, a, b, new Bias(bias, 0), c, 0, ldc, false, mr);
    }

    private static void multiplySerial(int m, int n, int k, Operand a, Operand b, Bias bias, float[] c, int cOff,
            int ldc, boolean accumulate, int mr) {
        if (mr != 4 && mr != 6) throw new IllegalArgumentException("micro-tile rows must be 4 or 6, got " + mr);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                int o = cOff + i * ldc;
                if (!accumulate) java.util.Arrays.fill(c, o, o + n, 0f);
                if (bias != null) bias.addTo(c, o, n);
            }
            return;
        }
        Scratch s = SCRATCH.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(b, pc, jc, kc, nc, s.data, s.b);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(a, ic, pc, mc, kc, s.data, s.a, mr);
                    macroKernel(mc, nc, kc, s, c, cOff + ic * ldc + jc, ldc, accumulate || pc > 0,
                            pc == 0 && bias != null ? bias.shifted(jc) : null, mr);
                }
            }
        }
    }

    /** One packed block (A's at {@code s.a}, B's at {@code s.b}): added to C when {@code load}, else written over it, with the bias. */
    private static void macroKernel(int mc, int nc, int kc, Scratch s, float[] c, int cOff, int ldc,
            boolean load, Bias bias, int mr) {
        if (load) macroKernelAdding(mc, nc, kc, s, c, cOff, ldc, mr);
        else macroKernelWriting(mc, nc, kc, s, c, cOff, ldc, bias, mr);
    }

    /** Adds each tile into C in the micro-kernel. */
    private static void macroKernelAdding(int mc, int nc, int kc, Scratch s, float[] c, int cOff, int ldc, int mr) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int bIdx = s.b + jr * kc;
            for (int ir = 0; ir < mc; ir += mr) {
                int rows = Math.min(mr, mc - ir);
                int aIdx = s.a + ir * kc;
                int cIdx = cOff + ir * ldc + jr;
                if (rows == mr && cols == NR) {
                    microKernel(mr, s.data, aIdx, s.data, bIdx, kc, c, cIdx, ldc);
                } else {
                    microKernelIntoTile(mr, s, aIdx, bIdx, kc);
                    mergeTile(s.data, s.tile, rows, cols, c, cIdx, ldc, true, null);
                }
            }
        }
    }

    /**
     * Computes each tile into the scratch tile, then writes it over C with the bias: 8-13 %
     * faster than the micro-kernel storing into C itself, whose lines are not in cache yet
     * (products of 4096×256×256 and 4096×1024×256, one thread, alternating runs).
     */
    private static void macroKernelWriting(int mc, int nc, int kc, Scratch s, float[] c, int cOff, int ldc,
            Bias bias, int mr) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int bIdx = s.b + jr * kc;
            Bias tileBias = bias == null ? null : bias.shifted(jr);
            for (int ir = 0; ir < mc; ir += mr) {
                int rows = Math.min(mr, mc - ir);
                int cIdx = cOff + ir * ldc + jr;
                microKernelIntoTile(mr, s, s.a + ir * kc, bIdx, kc);
                if (rows == mr && cols == NR) writeTile(s.data, s.tile, mr, c, cIdx, ldc, tileBias);
                else mergeTile(s.data, s.tile, rows, cols, c, cIdx, ldc, false, tileBias);
            }
        }
    }

    /**
     * Writes a full tile (at {@code t} in {@code tile}) over C, plus the bias if there is one. Two
     * loops, so that no vector variable is ever null on one path: where C2 has seen both paths it
     * must then keep the vectors as objects, and in JVMs that compiled it so this method drew
     * 12.7 % of a {@code mini} step's samples, against 1.4 % (the linear layers' forward 203
     * against 122 ms).
     */
    private static void writeTile(float[] tile, int t, int rows, float[] c, int cIdx, int ldc, Bias bias) {
        if (bias == null) {
            for (int i = 0; i < rows; i++) {
                FloatVector.fromArray(SPECIES, tile, t + i * NR).intoArray(c, cIdx + i * ldc);
                FloatVector.fromArray(SPECIES, tile, t + i * NR + V).intoArray(c, cIdx + i * ldc + V);
            }
            return;
        }
        FloatVector b0 = FloatVector.fromArray(SPECIES, bias.data, bias.offset);
        FloatVector b1 = FloatVector.fromArray(SPECIES, bias.data, bias.offset + V);
        for (int i = 0; i < rows; i++) {
            FloatVector.fromArray(SPECIES, tile, t + i * NR).add(b0).intoArray(c, cIdx + i * ldc);
            FloatVector.fromArray(SPECIES, tile, t + i * NR + V).add(b1).intoArray(c, cIdx + i * ldc + V);
        }
    }

    /** Adds (or writes) the top-left rows×cols of a tile (at {@code t0} in {@code tile}) into C, plus the bias if there is one. */
    private static void mergeTile(float[] tile, int t0, int rows, int cols, float[] c, int cIdx, int ldc, boolean load, Bias bias) {
        for (int i = 0; i < rows; i++) {
            int t = t0 + i * NR, o = cIdx + i * ldc;
            if (load) for (int j = 0; j < cols; j++) c[o + j] += tile[t + j];
            else System.arraycopy(tile, t, c, o, cols);
            if (bias != null) bias.addTo(c, o, cols);
        }
    }

    /**
     * {@code C[mr×2V] += A panel · B panel}. The micro-kernels always add into C (a product that
     * writes C gives them a zeroed scratch tile), so the JIT compiles one path whatever the mix
     * of calls: with a branch on whether to read C, the kernel compiled during a forward pass,
     * whose products now only write, was thrown out and compiled again in the backward pass.
     */
    private static void microKernel(int mr, float[] ap, int ai, float[] bp, int bi, int kc, float[] c, int ci, int ldc) {
        if (mr == 4) microKernel4(ap, ai, bp, bi, kc, c, ci, ldc);
        else microKernel6(ap, ai, bp, bi, kc, c, ci, ldc);
    }

    /**
     * The product of one A and one B panel alone, into the scratch tile, zeroed first with
     * whole vectors, which the kernel reads back as such (a vector load over several scalar
     * stores cannot take its data from them; {@code Arrays.fill} here drew 3.6 % of the
     * profiler's samples in a {@code mini} training step).
     */
    private static void microKernelIntoTile(int mr, Scratch s, int ai, int bi, int kc) {
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = 0; i < mr * NR; i += V) zero.intoArray(s.data, s.tile + i);
        microKernel(mr, s.data, ai, s.data, bi, kc, s.data, s.tile, NR);
    }

    /** C[4×2V] += packed A panel · packed B panel over {@code kc} steps. */
    private static void microKernel4(float[] ap, int ai, float[] bp, int bi, int kc, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        checkPanel(ai, 4 * kc, ap.length);
        checkPanel(bi, NR * kc, bp.length);
        for (int p = 0; p < kc; p++) {
            int x = ai + 4 * p, y = bi + NR * p;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, y);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, y + V);
            FloatVector a = FloatVector.broadcast(SPECIES, ap[x]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(SPECIES, ap[x + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(SPECIES, ap[x + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(SPECIES, ap[x + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
        }
        addRow(c00, c01, c, ci);
        addRow(c10, c11, c, ci + ldc);
        addRow(c20, c21, c, ci + 2 * ldc);
        addRow(c30, c31, c, ci + 3 * ldc);
    }

    /** C[6×2V] += packed A panel · packed B panel over {@code kc} steps. */
    private static void microKernel6(float[] ap, int ai, float[] bp, int bi, int kc, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        checkPanel(ai, 6 * kc, ap.length);
        checkPanel(bi, NR * kc, bp.length);
        for (int p = 0; p < kc; p++) {
            int x = ai + 6 * p, y = bi + NR * p;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, y);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, y + V);
            FloatVector a = FloatVector.broadcast(SPECIES, ap[x]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(SPECIES, ap[x + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(SPECIES, ap[x + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(SPECIES, ap[x + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(SPECIES, ap[x + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(SPECIES, ap[x + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
        }
        addRow(c00, c01, c, ci);
        addRow(c10, c11, c, ci + ldc);
        addRow(c20, c21, c, ci + 2 * ldc);
        addRow(c30, c31, c, ci + 3 * ldc);
        addRow(c40, c41, c, ci + 4 * ldc);
        addRow(c50, c51, c, ci + 5 * ldc);
    }

    /**
     * Throws unless {@code [from, from + size)} lies within an array of {@code length}: one range
     * check per call, from which C2 drops the loads' own checks from the loop. Not
     * {@code Objects.checkFromIndexSize}: C2 at times compiled that as a call, which clobbers
     * registers, and the kernel then reloaded its panel addresses from the stack at every step.
     * With this check, products on two threads ran 1.08-1.28× as fast (AVX-512, medians of six
     * JVMs each, alternating).
     */
    private static void checkPanel(int from, int size, int length) {
        if (from < 0 || size > length - from) throw panelOutOfBounds(from, size, length);
    }

    private static IndexOutOfBoundsException panelOutOfBounds(int from, int size, int length) {
        return new IndexOutOfBoundsException("panel [" + from + ", " + ((long) from + size) + ") of an array of " + length);
    }

    private static void addRow(FloatVector v0, FloatVector v1, float[] c, int ci) {
        v0.add(FloatVector.fromArray(SPECIES, c, ci)).intoArray(c, ci);
        v1.add(FloatVector.fromArray(SPECIES, c, ci + V)).intoArray(c, ci + V);
    }

    /** Packs op(A)[i0:i0+mc, p0:p0+kc] into mr-row panels from {@code ap[at]} on, p-major inside a panel, zero-padded. */
    private static void packA(Operand a, int i0, int p0, int mc, int kc, float[] ap, int at, int mr) {
        float[] d = a.data;
        int rs = a.rowStride, cs = a.colStride;
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int base = at + ir * kc;
            int src = a.offset + (i0 + ir) * rs + p0 * cs;
            if (rows == mr && rs == 1) {
                if (mr == 4) packCols4(d, src, cs, kc, ap, base);
                else packCols6(d, src, cs, kc, ap, base);
            } else if (rows == mr && cs == 1) {
                if (mr == 4) packRows4(d, src, rs, kc, ap, base);
                else packRows6(d, src, rs, kc, ap, base);
            } else {
                for (int i = 0; i < rows; i++) {
                    int s = src + i * rs;
                    for (int p = 0; p < kc; p++) ap[base + p * mr + i] = d[s + p * cs];
                }
                for (int i = rows; i < mr; i++) for (int p = 0; p < kc; p++) ap[base + p * mr + i] = 0f;
            }
        }
    }

    /** A full 4-row panel of a column-major A: one 128-bit copy per step (an arraycopy of four was slower). */
    private static void packCols4(float[] d, int src, int cs, int kc, float[] ap, int base) {
        for (int p = 0; p < kc; p++) FloatVector.fromArray(FloatVector.SPECIES_128, d, src + p * cs).intoArray(ap, base + 4 * p);
    }

    /**
     * A full 4-row panel of a row-major A: V columns of the four rows are loaded as vectors and
     * transposed in registers (interleave rows 0/1 and 2/3, then pairs of those), so each step
     * writes 4V floats of the panel in order. Scalar copies (even four rows side by side) took
     * 2-3x as long per element and about a tenth of a product with 256 columns.
     */
    private static void packRows4(float[] d, int src, int rs, int kc, float[] ap, int base) {
        int s0 = src, s1 = s0 + rs, s2 = s1 + rs, s3 = s2 + rs;
        int p = 0;
        for (; p <= kc - V; p += V) {
            FloatVector r0 = FloatVector.fromArray(SPECIES, d, s0 + p), r1 = FloatVector.fromArray(SPECIES, d, s1 + p);
            FloatVector r2 = FloatVector.fromArray(SPECIES, d, s2 + p), r3 = FloatVector.fromArray(SPECIES, d, s3 + p);
            FloatVector lo01 = r0.rearrange(ZIP_LO, r1), hi01 = r0.rearrange(ZIP_HI, r1);
            FloatVector lo23 = r2.rearrange(ZIP_LO, r3), hi23 = r2.rearrange(ZIP_HI, r3);
            int o = base + 4 * p;
            lo01.rearrange(PAIRS_LO, lo23).intoArray(ap, o);
            lo01.rearrange(PAIRS_HI, lo23).intoArray(ap, o + V);
            hi01.rearrange(PAIRS_LO, hi23).intoArray(ap, o + 2 * V);
            hi01.rearrange(PAIRS_HI, hi23).intoArray(ap, o + 3 * V);
        }
        for (; p < kc; p++) {
            int o = base + 4 * p;
            ap[o] = d[s0 + p];
            ap[o + 1] = d[s1 + p];
            ap[o + 2] = d[s2 + p];
            ap[o + 3] = d[s3 + p];
        }
    }

    /** Lanes 0..V/2-1 (or V/2..V-1) of two vectors interleaved: x0 y0 x1 y1 ... (an index ≥ V picks from the second). */
    private static final VectorShuffle<Float> ZIP_LO = zip(SPECIES, 0), ZIP_HI = zip(SPECIES, 1);
    /** Pairs 0..V/4-1 (or V/4..V/2-1) of two interleaved vectors, a pair of each per 4 lanes: x0 x1 y0 y1 x2 x3 y2 y3 ... */
    private static final VectorShuffle<Float> PAIRS_LO = pairs(SPECIES, 0), PAIRS_HI = pairs(SPECIES, 1);

    private static VectorShuffle<Float> zip(VectorSpecies<Float> species, int half) {
        int n = species.length();
        return shuffle(species, i -> (i % 2 == 0 ? 0 : n) + half * n / 2 + i / 2);
    }

    private static VectorShuffle<Float> pairs(VectorSpecies<Float> species, int half) {
        int n = species.length();
        return shuffle(species, i -> (i % 4 < 2 ? 0 : n) + half * n / 2 + 2 * (i / 4) + i % 2);
    }

    private static VectorShuffle<Float> shuffle(VectorSpecies<Float> species, java.util.function.IntUnaryOperator lane) {
        int[] source = new int[species.length()];
        for (int i = 0; i < source.length; i++) source[i] = lane.applyAsInt(i);
        return VectorShuffle.fromArray(species, source, 0);
    }

    /** A full 6-row panel of a column-major A: a 128-bit copy and two floats per step. */
    private static void packCols6(float[] d, int src, int cs, int kc, float[] ap, int base) {
        for (int p = 0; p < kc; p++) {
            int s = src + p * cs, o = base + 6 * p;
            FloatVector.fromArray(FloatVector.SPECIES_128, d, s).intoArray(ap, o);
            ap[o + 4] = d[s + 4];
            ap[o + 5] = d[s + 5];
        }
    }

    /**
     * A full 6-row panel of a row-major A. Rows 0-3 are transposed in registers as in
     * {@link #packRows4}, which gives two steps per vector; each vector is stored whole at its
     * first step and with its halves swapped at its second, so each store lays rows 0-3 of a
     * step in place and spills four floats over the next step's slots, which the later stores
     * (rows 4-5 of the step, then the next step) write over. The last steps, whose spill would
     * run past the panel, are copied one float at a time. The vectors have eight lanes whatever
     * the preferred width: sixteen would hold four steps, each needing its own rotated store (on
     * AVX-512 this ran scalar before: 7.7 % of a {@code mini} step's samples, now 5.8 %; steps
     * took 466 against 508 ms, medians of four alternating JVMs each).
     */
    private static void packRows6(float[] d, int src, int rs, int kc, float[] ap, int base) {
        int s0 = src, s1 = s0 + rs, s2 = s1 + rs, s3 = s2 + rs, s4 = s3 + rs, s5 = s4 + rs;
        int p = 0;
        for (; V >= 8 && p <= kc - 9; p += 8) {
            FloatVector r0 = EightLanes.load(d, s0 + p), r1 = EightLanes.load(d, s1 + p);
            FloatVector r2 = EightLanes.load(d, s2 + p), r3 = EightLanes.load(d, s3 + p);
            FloatVector lo01 = r0.rearrange(EightLanes.ZIP_LO, r1), hi01 = r0.rearrange(EightLanes.ZIP_HI, r1);
            FloatVector lo23 = r2.rearrange(EightLanes.ZIP_LO, r3), hi23 = r2.rearrange(EightLanes.ZIP_HI, r3);
            int o = base + 6 * p;
            storeStepPairs(lo01.rearrange(EightLanes.PAIRS_LO, lo23), ap, o);
            storeStepPairs(lo01.rearrange(EightLanes.PAIRS_HI, lo23), ap, o + 12);
            storeStepPairs(hi01.rearrange(EightLanes.PAIRS_LO, hi23), ap, o + 24);
            storeStepPairs(hi01.rearrange(EightLanes.PAIRS_HI, hi23), ap, o + 36);
            for (int q = 0; q < 8; q++) {
                ap[o + 6 * q + 4] = d[s4 + p + q];
                ap[o + 6 * q + 5] = d[s5 + p + q];
            }
        }
        for (; p < kc; p++) {
            int o = base + 6 * p;
            ap[o] = d[s0 + p];
            ap[o + 1] = d[s1 + p];
            ap[o + 2] = d[s2 + p];
            ap[o + 3] = d[s3 + p];
            ap[o + 4] = d[s4 + p];
            ap[o + 5] = d[s5 + p];
        }
    }

    /** Rows 0-3 of two consecutive steps (the halves of {@code v}) to their places in a six-row panel. */
    private static void storeStepPairs(FloatVector v, float[] ap, int o) {
        v.intoArray(ap, o);
        v.rearrange(EightLanes.SWAP_HALVES).intoArray(ap, o + 6);
    }

    /** The six-row packers' 256-bit vectors and their shuffles. */
    private static final class EightLanes {
        static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
        static final VectorShuffle<Float> ZIP_LO = zip(SPECIES, 0), ZIP_HI = zip(SPECIES, 1);
        static final VectorShuffle<Float> PAIRS_LO = pairs(SPECIES, 0), PAIRS_HI = pairs(SPECIES, 1);
        static final VectorShuffle<Float> SWAP_HALVES = shuffle(SPECIES, i -> (i + 4) % 8);

        static FloatVector load(float[] d, int i) {
            return FloatVector.fromArray(SPECIES, d, i);
        }
    }

    /** Packs op(B)[p0:p0+kc, j0:j0+nc] into NR-column panels from {@code bp[at]} on, p-major inside a panel, zero-padded. */
    private static void packB(Operand b, int p0, int j0, int kc, int nc, float[] bp, int at) {
        float[] d = b.data;
        int rs = b.rowStride, cs = b.colStride;
        if (cs == 1) {
            packRowMajorB(d, b.offset + p0 * rs + j0, rs, kc, nc, bp, at);
            return;
        }
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int base = at + jr * kc;
            int src = b.offset + p0 * rs + (j0 + jr) * cs;
            for (int j = 0; j < cols; j++) {
                int s = src + j * cs;
                if (rs == 1) for (int p = 0; p < kc; p++) bp[base + p * NR + j] = d[s + p];
                else for (int p = 0; p < kc; p++) bp[base + p * NR + j] = d[s + p * rs];
            }
            for (int j = cols; j < NR; j++) for (int p = 0; p < kc; p++) bp[base + p * NR + j] = 0f;
        }
    }

    /**
     * A row-major B, read row by row: each source row is one sequential stream split across the
     * panels (a panel at a time read 64 bytes per row at the row stride, which the hardware
     * prefetcher follows poorly).
     */
    private static void packRowMajorB(float[] d, int src, int rs, int kc, int nc, float[] bp, int at) {
        int full = nc / NR * NR, cols = nc - full;
        for (int p = 0; p < kc; p++) {
            int row = src + p * rs;
            for (int jr = 0; jr < full; jr += NR) {
                int o = at + jr * kc + p * NR;
                FloatVector.fromArray(SPECIES, d, row + jr).intoArray(bp, o);
                FloatVector.fromArray(SPECIES, d, row + jr + V).intoArray(bp, o + V);
            }
            if (cols > 0) {
                int o = at + full * kc + p * NR;
                System.arraycopy(d, row + full, bp, o, cols);
                java.util.Arrays.fill(bp, o + cols, o + NR, 0f);
            }
        }
    }

    /**
     * Per-thread packing buffers, sized once for the largest blocks: the A block, the B block and
     * the scratch tile in one array, each starting on a 64-byte line. A vector load that straddles
     * two lines costs two; with the panels and the tile on line boundaries, products ran 1.02-1.30×
     * as fast (AVX-512, two threads, same-JVM alternating rounds) as with them 16 bytes off, which
     * is where G1 puts a large array's data. The start of the array is known only where G1 gives
     * it a region of its own ({@link HeapPlacement}); elsewhere the buffers are as aligned as the
     * heap makes them, which costs speed, never correctness.
     */
    private static final class Scratch {
        final float[] data;
        final int a, b, tile;

        Scratch() {
            a = HeapPlacement.FIRST_ALIGNED_FLOAT;
            b = a + MC * KC;
            tile = b + KC * NC;
            data = new float[Math.max(tile + 6 * NR, HeapPlacement.MIN_REGION_OWNER_FLOATS)];
        }
    }
}
