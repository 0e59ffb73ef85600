package io.bertstream.trainer.eval;

/** Rows of a sparse matrix in compressed-row form: row r's entries are {@code [start[r], start[r+1])}. */
record SparseRows(int columns, int[] start, int[] column, float[] value) {

    int rows() {
        return start.length - 1;
    }

    /**
     * {@code out[c] = sum over row r's entries of value * w[column * k + c]} for c below k: the
     * row times a column-major {@code columns x k} matrix, all k outputs in one pass.
     */
    void times(int r, double[] w, int k, double[] out) {
        java.util.Arrays.fill(out, 0, k, 0);
        for (int e = start[r]; e < start[r + 1]; e++) {
            int base = column[e] * k;
            for (int c = 0; c < k; c++) out[c] += value[e] * w[base + c];
        }
    }

    /** {@code w[column * k + c] += row r's value * d[c]}: the transpose of {@link #times}, accumulated. */
    void addOuter(int r, double[] d, int k, double[] w) {
        for (int e = start[r]; e < start[r + 1]; e++) {
            int base = column[e] * k;
            for (int c = 0; c < k; c++) w[base + c] += value[e] * d[c];
        }
    }
}
