package com.subsidyevaluator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The program's version, with the Drools and Java versions it runs on. */
public class VersionProvider implements IVersionProvider {

    private static final Properties VERSIONS = new Properties();

    static {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/subsidy-version.properties")) {
            if (in != null) {
                VERSIONS.load(in);
            }
        } catch (IOException e) {
            // versions stay unknown
        }
    }

    /** The program version, e.g. "0.1.0". */
    public static String version() {
        return VERSIONS.getProperty("version", "dev");
    }

    /** The Drools version the program was built with. */
    public static String droolsVersion() {
        return VERSIONS.getProperty("drools", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "subsidy-evaluator " + version(),
            "Drools " + droolsVersion() + ", Java " + System.getProperty("java.version")
        };
    }
}
