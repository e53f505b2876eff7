package com.subsidyevaluator.cli;

import com.subsidyevaluator.engine.RuleProblem;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.RuleSetException;
import com.subsidyevaluator.server.ServerConfig;
import com.subsidyevaluator.server.SubsidyServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code subsidy serve}: the evaluator as a web service (package {@code com.subsidyevaluator.server}). Runs until
 * stopped (Ctrl-C, SIGTERM): the requests under way finish, then the server stops.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"以 HTTP 服务运行评估器：网页 / 为政策计算器，/clauses 为条款浏览；POST /api/evaluate 评估一个案例（JSON），"
                + "POST /api/evaluate/batch 评估 JSON Lines，POST /api/register-row 把登记表的一行转为案例；"
                + "GET /api/document、/api/clauses、/api/rules、/api/schema、/api/parameters、/health、/metrics、/api/openapi.json。"
                + "规则集修改后自动重新加载。按 Ctrl-C 停止。",
                "Runs the evaluator as an HTTP service: the policy calculator page at /, the clause browser at /clauses, "
                        + "the JSON API and Prometheus metrics at /metrics; the rule set is reloaded when its files "
                        + "change. Ctrl-C stops it. See docs/api.md."},
        footer = ExitCode.HELP)
public class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = ServerConfig.DEFAULT_BIND,
            description = "监听地址；默认只接受本机连接，0.0.0.0 接受所有网络 (address to listen on; default: ${DEFAULT-VALUE}, this machine only)")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "端口，0 表示任一空闲端口 (port; 0: any free port; default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "规则集目录 rule-set directory (default: " + RuleSetOptions.DEFAULT
                    + " under the current directory, else under the installation)")
    Path rules;

    @Option(names = "--cors", paramLabel = "ORIGIN",
            description = "允许该来源的网页跨站调用 API，如 https://example.org；默认不允许 "
                    + "(allow browser calls from this origin; default: off)")
    String cors;

    @Option(names = "--max-case-size", paramLabel = "SIZE", defaultValue = "1MiB",
            description = "单个案例（及批量中每一行）的最大字节数 (largest case; default: ${DEFAULT-VALUE})")
    String maxCase;

    @Option(names = "--max-batch-size", paramLabel = "SIZE", defaultValue = "64MiB",
            description = "一次批量请求的最大字节数 (largest batch body; default: ${DEFAULT-VALUE})")
    String maxBatch;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "连接空闲（请求发送过慢或中断）多久后关闭 (close a silent connection after; default: ${DEFAULT-VALUE})")
    String idle;

    @Mixin
    CaseTimeoutOption timeout;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        // the server's own lines are enough: Jetty's start and stop notices only at WARN (unless configured)
        if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        }
        if (port < 0 || port > 65535) {
            throw new UsageException(ExitCode.BAD_INPUT, "--port " + port + "：端口应为 0 到 65535 (port must be 0 to 65535)");
        }
        RuleSetOptions dir = new RuleSetOptions();
        dir.rules = rules;
        Path rulesDir = dir.existingDirectory();
        ServerConfig config = new ServerConfig(bind, port, rulesDir, cors, size("--max-case-size", maxCase),
                size("--max-batch-size", maxBatch), duration("--idle-timeout", idle), timeout.budget(), null);
        SubsidyServer server;
        try {
            server = SubsidyServer.start(config);
        } catch (IllegalArgumentException e) {
            throw new UsageException(ExitCode.BAD_INPUT, "--cors " + cors + "：不是有效的来源，应如 https://example.org ("
                    + e.getMessage() + ")");
        } catch (RuntimeException e) {
            // Javalin's bind failure (port in use, no such address, a privileged port)
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new UsageException(ExitCode.BAD_INPUT, "无法在 " + bind + ":" + port + " 上监听 (cannot listen on " + bind + ":"
                    + port + ": " + e.getMessage() + (c != e ? "; " + c.getMessage() : "") + ")");
        }
        Thread stop = new Thread(() -> {
            server.close();
            err.println("subsidy serve: 已停止 (stopped)");
            err.flush();
        }, "subsidy-serve-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        err.println("规则集加载中 (loading the rules): " + rulesDir);
        err.flush();
        RuleSet loaded;
        try {
            loaded = server.awaitRules();
        } catch (RuleSetException e) {
            err.println("规则集无法加载: " + rulesDir);
            for (RuleProblem p : e.problems()) {
                err.println(p.format());
            }
            err.flush();
            server.close();
            Runtime.getRuntime().removeShutdownHook(stop);
            return ExitCode.BAD_RULES;
        } catch (IOException e) {
            server.close();
            Runtime.getRuntime().removeShutdownHook(stop);
            throw new UsageException(ExitCode.BAD_INPUT, "--rules " + rulesDir + "：无法监视目录 (cannot watch the directory: "
                    + e.getMessage() + ")");
        }
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        err.println("subsidy serve: http://" + host + ":" + server.port() + "/ · " + loaded.document().number() + " · "
                + loaded.rules().size() + " 条规则 · " + loaded.hash() + " · 按 Ctrl-C 停止 (Ctrl-C stops)");
        err.flush();
        server.join();
        return ExitCode.OK;
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|kb|k|mib|mb|m|gib|gb|g)?");

    /** "1MiB", "512KiB", "1048576": bytes (KiB, MiB, GiB are powers of 1024; so are k, m, g). */
    static long size(String option, String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "b" : m.group(2);
                long factor = switch (unit.charAt(0)) {
                    case 'k' -> 1L << 10;
                    case 'm' -> 1L << 20;
                    case 'g' -> 1L << 30;
                    default -> 1;
                };
                long v = Math.multiplyExact(n, factor);
                if (v > 0 && v <= (1L << 31) - 1024) {
                    return v;
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // out of range: below
            }
        }
        throw new UsageException(ExitCode.BAD_INPUT, option + " 的值 '" + text + "' 无效：应为 1 字节到 2 GiB 之间的大小，如 1MiB、512KiB、65536"
                + " (invalid " + option + " '" + text + "': expected a size such as 1MiB, 512KiB or 65536)");
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s)");

    static Duration duration(String option, String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                Duration d = m.group(2).equals("s") ? Duration.ofSeconds(n) : Duration.ofMillis(n);
                if (!d.isZero() && d.compareTo(Duration.ofHours(1)) <= 0) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // below
            }
        }
        throw new UsageException(ExitCode.BAD_INPUT, option + " 的值 '" + text + "' 无效：应为 1ms 到 3600s 之间的时长，如 30s、500ms"
                + " (invalid " + option + " '" + text + "': expected a duration such as 30s or 500ms)");
    }
}
