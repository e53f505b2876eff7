package com.subsidyevaluator.cli;

/** A mistake of the user that a command reports in one line, with an exit code. */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public UsageException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
