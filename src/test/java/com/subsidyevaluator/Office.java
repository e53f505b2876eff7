package com.subsidyevaluator;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * LibreOffice Calc for the tests that open what the program writes in a real spreadsheet program: SUBSIDY_SOFFICE
 * (a path, or a command on PATH), else {@code soffice} or {@code libreoffice} on PATH. Without it such a test fails,
 * so that a build never passes without having opened the files; {@code SUBSIDY_ALLOW_NO_OFFICE=1} (or
 * {@code -Dsubsidy.allowNoOffice=true}) turns that into a skipped test for a developer's machine, and
 * {@code SUBSIDY_REQUIRE_OFFICE=1} (set by {@code .ci/run}, which installs Debian's libreoffice-calc) overrides that.
 */
public final class Office {

    public static final String MISSING = "LibreOffice (soffice) is not installed, so the files were not opened in it"
            + " (install the Debian package libreoffice-calc, or name the program in SUBSIDY_SOFFICE)";

    private Office() {
    }

    /** Whether a missing LibreOffice skips the tests instead of failing them. */
    public static boolean missingAllowed() {
        if ("1".equals(System.getenv("SUBSIDY_REQUIRE_OFFICE"))) {
            return false;
        }
        return "1".equals(System.getenv("SUBSIDY_ALLOW_NO_OFFICE"))
                || Boolean.parseBoolean(System.getProperty("subsidy.allowNoOffice", "false"));
    }

    /** The program, or null when none is there. */
    public static String find() {
        String configured = System.getenv("SUBSIDY_SOFFICE");
        List<String> names = List.of("soffice", "libreoffice");
        if (configured != null && !configured.isBlank()) {
            if (configured.contains(File.separator)) {
                return Files.isExecutable(Path.of(configured)) ? configured : null;
            }
            names = List.of(configured);
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    /** The program; when it is missing, the calling test is skipped (if allowed) or fails, saying why. */
    public static String require() {
        String soffice = find();
        if (soffice != null) {
            return soffice;
        }
        if (missingAllowed()) {
            Assumptions.abort(MISSING + "; skipped, as allowed (SUBSIDY_ALLOW_NO_OFFICE=1 or -Dsubsidy.allowNoOffice=true)");
        }
        fail(MISSING + ". To build without LibreOffice, set SUBSIDY_ALLOW_NO_OFFICE=1: these tests are then skipped.");
        return null;
    }
}
