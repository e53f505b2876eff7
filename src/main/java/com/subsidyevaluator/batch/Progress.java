package com.subsidyevaluator.batch;

/** Hears how far a batch has got (called from one thread, often: keep it cheap). */
public interface Progress {

    /** Nothing is shown. */
    Progress NONE = new Progress() {
    };

    /** A pass over the input starts; {@code totalBytes} is the size of all input files. */
    default void start(int pass, int passes, long totalBytes) {
    }

    /** {@code records} records and {@code bytes} bytes of input are done. */
    default void update(long records, long bytes) {
    }

    /** The pass is done. */
    default void finish() {
    }
}
