package com.subsidyevaluator.engine;

/** A static field that a hostile rule file tries to write (see hostile-rules/h10-static-field-write.drl). */
public final class HostileTarget {
    /** Stays null unless a rule file managed to run code. */
    public static volatile String touched;

    private HostileTarget() {
    }
}
