package io.bertstream.trainer.bench;

/**
 * This machine's environment pins OpenBLAS to an older kernel at half speed
 * ({@code OPENBLAS_CORETYPE}, {@code OPENBLAS_L2_SIZE}); a baseline process runs without them, so
 * that it is OpenBLAS at its best. Only there: tests and CI keep the environment as it is.
 */
final class OpenBlasPins {

    private OpenBlasPins() {}

    static void removeFrom(ProcessBuilder pb) {
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().remove("OPENBLAS_L2_SIZE");
    }
}
