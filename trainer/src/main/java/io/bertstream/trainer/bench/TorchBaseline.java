package io.bertstream.trainer.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The environment of a PyTorch baseline process, so that it runs PyTorch at its best on this
 * machine, not a slowed one: without the environment's OpenBLAS pins ({@link OpenBlasPins}), and
 * on the OpenMP build of OpenBLAS when it is installed (Debian {@code libopenblas0-openmp}), since
 * PyTorch's own threads are OpenMP's: with the default pthread build the two thread pools
 * oversubscribe the cores, and {@code mini} trained at 1,930 tokens/s with 2 threads
 * against 4,059 with the OpenMP build (and 2,142 with 1 thread).
 */
final class TorchBaseline {

    static final Path OPENMP_OPENBLAS = Path.of("/usr/lib/x86_64-linux-gnu/openblas-openmp");

    private TorchBaseline() {}

    /** Prepares {@code pb} and says which BLAS the baseline runs on. */
    static String atItsBest(ProcessBuilder pb) {
        OpenBlasPins.removeFrom(pb);
        if (!Files.isRegularFile(OPENMP_OPENBLAS.resolve("libblas.so.3"))) {
            return "OpenBLAS pthread build (install libopenblas0-openmp for PyTorch at its best: the pthread build oversubscribes with 2 threads)";
        }
        String path = pb.environment().get("LD_LIBRARY_PATH");
        pb.environment().put("LD_LIBRARY_PATH", OPENMP_OPENBLAS + (path == null || path.isEmpty() ? "" : ":" + path));
        return "OpenBLAS OpenMP build (" + OPENMP_OPENBLAS + ")";
    }
}
