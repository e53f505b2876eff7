package com.subsidyevaluator.server;

import com.subsidyevaluator.engine.BatchEvaluator;
import com.subsidyevaluator.engine.ReloadingRuleSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link SubsidyServer} runs: where it listens, which rule set it serves, and its limits.
 *
 * @param bind            the address to listen on ({@code 127.0.0.1}: this machine only)
 * @param port            the port; 0 for any free port ({@link SubsidyServer#port()} then says which)
 * @param rules           the rule-set directory, loaded once and reloaded when its files change
 * @param corsOrigin      the one browser origin allowed to call the API from another site, or null (no CORS)
 * @param maxCaseBytes    the largest body of {@code POST /api/evaluate}, and the longest line of a batch
 * @param maxBatchBytes   the largest body of {@code POST /api/evaluate/batch}
 * @param idleTimeout     how long a connection may stay silent (a slow or half-sent request) before it is closed
 * @param caseTimeout     the time budget of each case's evaluation, or null for none
 * @param reloadDebounce  the quiet period after a rule file changes before the rule set is rebuilt
 */
public record ServerConfig(String bind, int port, Path rules, String corsOrigin, long maxCaseBytes, long maxBatchBytes,
                           Duration idleTimeout, Duration caseTimeout, Duration reloadDebounce) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** 1 MiB per case. */
    public static final long DEFAULT_MAX_CASE_BYTES = 1L << 20;
    /** 64 MiB per batch. */
    public static final long DEFAULT_MAX_BATCH_BYTES = 64L << 20;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(rules, "rules");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        if (maxCaseBytes <= 0 || maxBatchBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
        reloadDebounce = reloadDebounce == null ? ReloadingRuleSet.DEFAULT_DEBOUNCE : reloadDebounce;
        caseTimeout = caseTimeout == null || caseTimeout.isZero() ? null : caseTimeout;
    }

    /** The defaults ({@code 127.0.0.1:8080}, 1 MiB per case, 64 MiB per batch, 30 s idle, 2 s per case) for {@code rules}. */
    public static ServerConfig defaults(Path rules) {
        return new ServerConfig(DEFAULT_BIND, DEFAULT_PORT, rules, null, DEFAULT_MAX_CASE_BYTES,
                DEFAULT_MAX_BATCH_BYTES, DEFAULT_IDLE_TIMEOUT, BatchEvaluator.DEFAULT_CASE_BUDGET,
                ReloadingRuleSet.DEFAULT_DEBOUNCE);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(bind, p, rules, corsOrigin, maxCaseBytes, maxBatchBytes, idleTimeout, caseTimeout, reloadDebounce);
    }

    public ServerConfig withBind(String b) {
        return new ServerConfig(b, port, rules, corsOrigin, maxCaseBytes, maxBatchBytes, idleTimeout, caseTimeout, reloadDebounce);
    }

    public ServerConfig withCors(String origin) {
        return new ServerConfig(bind, port, rules, origin, maxCaseBytes, maxBatchBytes, idleTimeout, caseTimeout, reloadDebounce);
    }

    public ServerConfig withLimits(long caseBytes, long batchBytes) {
        return new ServerConfig(bind, port, rules, corsOrigin, caseBytes, batchBytes, idleTimeout, caseTimeout, reloadDebounce);
    }

    public ServerConfig withIdleTimeout(Duration d) {
        return new ServerConfig(bind, port, rules, corsOrigin, maxCaseBytes, maxBatchBytes, d, caseTimeout, reloadDebounce);
    }

    /** null or zero: no time budget. */
    public ServerConfig withCaseTimeout(Duration d) {
        return new ServerConfig(bind, port, rules, corsOrigin, maxCaseBytes, maxBatchBytes, idleTimeout, d, reloadDebounce);
    }

    public ServerConfig withReloadDebounce(Duration d) {
        return new ServerConfig(bind, port, rules, corsOrigin, maxCaseBytes, maxBatchBytes, idleTimeout, caseTimeout, d);
    }
}
