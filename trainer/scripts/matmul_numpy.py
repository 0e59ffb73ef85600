"""numpy/OpenBLAS baseline for MatmulBench: same cases, same timing rule, same run.

stdin: one case per line, "name m n k transA transB batch" (trans as 0/1);
stdout: "name gflops" per case, after "# " lines describing the BLAS in use. A case asked
for again (MatmulBench alternates its rounds with these) reuses its operands and warm-up.
Run by io.bertstream.trainer.bench.MatmulBench with OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE removed from this process's environment only.
"""
import ctypes
import os
import sys
import time

import numpy as np

MIN_ROUND_S = float(os.environ.get("BENCH_ROUND_SECONDS", "0.25"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
# "process": CPU time of this process (with one thread, immune to other load); else wall time
CLOCK = time.process_time if os.environ.get("BENCH_CLOCK") == "process" else time.perf_counter


def describe_blas():
    lines = []
    with open("/proc/self/maps") as maps:
        libs = sorted({l.split()[-1] for l in maps if "blas" in l.split()[-1].lower()})
    lines.append("numpy %s, BLAS libraries loaded: %s" % (np.__version__, ", ".join(libs) or "none found"))
    for lib in libs:
        try:
            dll = ctypes.CDLL(lib)
            dll.openblas_get_corename.restype = ctypes.c_char_p
            dll.openblas_get_config.restype = ctypes.c_char_p
            lines.append("OpenBLAS kernel: %s; config: %s; threads: %d" % (
                dll.openblas_get_corename().decode(), dll.openblas_get_config().decode(),
                dll.openblas_get_num_threads()))
            break
        except (OSError, AttributeError):
            pass
    lines.append("OPENBLAS_CORETYPE=%s OPENBLAS_L2_SIZE=%s OPENBLAS_NUM_THREADS=%s" % (
        os.environ.get("OPENBLAS_CORETYPE", "(unset)"), os.environ.get("OPENBLAS_L2_SIZE", "(unset)"),
        os.environ.get("OPENBLAS_NUM_THREADS", "(unset)")))
    return lines


def operand(rng, batch, rows, cols, transposed):
    shape = (cols, rows) if transposed else (rows, cols)
    if batch > 1:
        shape = (batch,) + shape
    x = rng.standard_normal(shape, dtype=np.float32)
    return np.swapaxes(x, -1, -2) if transposed else x


def prepared(m, n, k, ta, tb, batch, cache={}):
    """The operands of a case, made and warmed up (three calls) the first time it is asked for."""
    key = (m, n, k, ta, tb, batch)
    if key not in cache:
        cache.clear()  # one case at a time: keep memory to its operands
        rng = np.random.default_rng(0)
        a = operand(rng, batch, m, k, ta)
        b = operand(rng, batch, k, n, tb)
        out = np.empty((batch, m, n) if batch > 1 else (m, n), dtype=np.float32)
        for _ in range(3):
            np.matmul(a, b, out=out)
        cache[key] = (a, b, out)
    return cache[key]


def best_gflops(m, n, k, ta, tb, batch):
    a, b, out = prepared(m, n, k, ta, tb, batch)
    flops = 2.0 * m * n * k * batch
    best = 0.0
    for _ in range(ROUNDS):
        calls, start = 0, CLOCK()
        while True:
            np.matmul(a, b, out=out)
            calls += 1
            elapsed = CLOCK() - start
            if elapsed >= MIN_ROUND_S:
                break
        best = max(best, flops * calls / elapsed / 1e9)
    return best


def main():
    for line in describe_blas():
        print("# " + line)
    sys.stdout.flush()
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        name = parts[0]
        m, n, k, ta, tb, batch = (int(p) for p in parts[1:])
        print("%s %.3f" % (name, best_gflops(m, n, k, ta == 1, tb == 1, batch)))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
