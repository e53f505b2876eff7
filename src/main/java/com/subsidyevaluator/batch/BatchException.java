package com.subsidyevaluator.batch;

/** A batch that cannot start or cannot write its reports: the message says why, in Chinese. */
public class BatchException extends Exception {
    private static final long serialVersionUID = 1L;

    public BatchException(String message) {
        super(message);
    }

    public BatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
