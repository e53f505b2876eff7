package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code subsidy serve}: its options, and what it says when it cannot start. */
class ServeCommandTest {

    @TempDir
    Path tmp;

    @Test
    void theHelpGivesTheDefaultsAndTheRoutes() {
        Run r = TestSupport.cli("serve", "--help");
        assertEquals(0, r.exitCode(), r.err());
        for (String s : new String[] {"--bind", "127.0.0.1", "--port", "8080", "--rules", "--cors", "--case-timeout",
                "--max-case-size", "1MiB", "--max-batch-size", "64MiB", "--idle-timeout", "/api/evaluate", "/health"}) {
            assertTrue(r.out().contains(s), s + " in:\n" + r.out());
        }
    }

    @Test
    void badOptionsAreOneLineErrors() {
        Run port = TestSupport.cli("serve", "--port", "70000");
        assertEquals(2, port.exitCode());
        assertTrue(port.err().contains("--port 70000"), port.err());
        Run size = TestSupport.cli("serve", "--port", "0", "--max-case-size", "lots");
        assertEquals(2, size.exitCode());
        assertTrue(size.err().contains("--max-case-size") && size.err().contains("1MiB"), size.err());
        Run idle = TestSupport.cli("serve", "--port", "0", "--idle-timeout", "forever");
        assertEquals(2, idle.exitCode());
        assertTrue(idle.err().contains("--idle-timeout"), idle.err());
        Run timeout = TestSupport.cli("serve", "--port", "0", "--case-timeout", "soon");
        assertEquals(2, timeout.exitCode());
        Run rules = TestSupport.cli("serve", "--port", "0", "--rules", tmp.resolve("nowhere").toString());
        assertEquals(2, rules.exitCode());
        assertTrue(rules.err().contains("目录不存在"), rules.err());
        assertEquals(1L << 20, ServeCommand.size("x", "1MiB"));
        assertEquals(512L << 10, ServeCommand.size("x", "512KiB"));
        assertEquals(65536, ServeCommand.size("x", "65536"));
    }

    @Test
    void aPortInUseIsABadInput() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Run r = TestSupport.cli("serve", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("无法在 127.0.0.1:" + taken.getLocalPort() + " 上监听"), r.err());
        }
    }

    @Test
    void rulesThatDoNotLoadExitWith3() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("document.yaml"), "id: [broken\n");
        Run r = TestSupport.cli("serve", "--port", "0", "--rules", rules.toString());
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.err().contains("规则集无法加载"), r.err());
    }
}
