package io.bertstream.trainer.data;

import io.bertstream.progress.ProgressBar;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports the bytes read through it to a progress bar: progress for steps that are one long read. */
final class ProgressInputStream extends FilterInputStream {
    private final ProgressBar bar;

    ProgressInputStream(InputStream in, ProgressBar bar) {
        super(in);
        this.bar = bar;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) bar.step(1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n > 0) bar.step(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        bar.step(skipped);
        return skipped;
    }
}
