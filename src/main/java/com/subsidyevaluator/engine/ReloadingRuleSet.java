package com.subsidyevaluator.engine;

import com.subsidyevaluator.model.CaseFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A rule set that follows its directory: when a rule file or a data file ({@code *.drl}, {@code *.yaml}) changes,
 * the rule set is rebuilt in the background once the changes have settled (debounced). A build that succeeds
 * replaces the rule set atomically; a build that fails leaves the previous rule set serving and reports its
 * problems to the {@link Listener}. An evaluation that has started keeps the rule set it started with to the end.
 *
 * <pre>{@code
 * try (ReloadingRuleSet rules = ReloadingRuleSet.watch(Path.of("rules/yueqing-2023"), new ReloadingRuleSet.Listener() {
 *         public void reloaded(RuleSet now, RuleSet before) { log.info("rules now " + now.hash()); }
 *         public void failed(List<RuleProblem> problems) { problems.forEach(p -> log.warn(p.format())); }
 *     })) {
 *     EvaluationResult r = rules.evaluate(applicant);
 * }
 * }</pre>
 */
public final class ReloadingRuleSet implements Closeable {

    /** The default quiet period after the last change before rebuilding. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(300);

    /** Told about every rebuild; called on the background thread. */
    public interface Listener {
        /** A rebuild succeeded: {@code now} serves from here on; {@code before} served until now. */
        default void reloaded(RuleSet now, RuleSet before) {
        }

        /** A rebuild failed: the previous rule set keeps serving. */
        default void failed(List<RuleProblem> problems) {
        }
    }

    private final Path directory;
    private final Duration debounce;
    private final Listener listener;
    private final AtomicReference<RuleSet> current;
    private final WatchService watcher;
    private final ScheduledExecutorService builder;
    private final Thread watchThread;
    private final Object pendingLock = new Object();
    private ScheduledFuture<?> pending;
    private volatile boolean closed;

    private ReloadingRuleSet(Path directory, RuleSet initial, Duration debounce, Listener listener) throws IOException {
        this.directory = directory;
        this.debounce = debounce;
        this.listener = listener;
        this.current = new AtomicReference<>(initial);
        this.watcher = FileSystems.getDefault().newWatchService();
        directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        this.builder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rule-set-reload " + directory.getFileName());
            t.setDaemon(true);
            return t;
        });
        this.watchThread = new Thread(this::watch, "rule-set-watch " + directory.getFileName());
        this.watchThread.setDaemon(true);
        this.watchThread.start();
    }

    /**
     * Loads the rule set in {@code directory} and watches it, with the {@link #DEFAULT_DEBOUNCE default} quiet period.
     *
     * @throws RuleSetException when the rule set does not load at first (there is nothing to serve)
     * @throws IOException      when the directory cannot be watched
     */
    public static ReloadingRuleSet watch(Path directory, Listener listener) throws RuleSetException, IOException {
        return watch(directory, DEFAULT_DEBOUNCE, listener);
    }

    /** As {@link #watch(Path, Listener)}, rebuilding once no change has been seen for {@code debounce}. */
    public static ReloadingRuleSet watch(Path directory, Duration debounce, Listener listener)
            throws RuleSetException, IOException {
        Path dir = directory.toAbsolutePath().normalize();
        RuleSet initial = RuleSet.load(dir);
        return new ReloadingRuleSet(dir, initial, Objects.requireNonNull(debounce, "debounce"),
                listener == null ? new Listener() { } : listener);
    }

    /** The rule set serving now. Keep the returned object to evaluate several cases under the same rules. */
    public RuleSet current() {
        return current.get();
    }

    /** Runs {@code work} on the rule set serving now; a reload meanwhile does not affect it. */
    public <T> T using(Function<RuleSet, T> work) {
        return work.apply(current.get());
    }

    /** Evaluates one case on the rule set serving now. */
    public EvaluationResult evaluate(CaseFile c) {
        return current.get().evaluate(c);
    }

    /** Evaluates several cases, all on the rule set serving when the call starts. */
    public List<EvaluationResult> evaluateAll(List<CaseFile> cases) {
        return current.get().evaluateAll(cases);
    }

    public Path directory() {
        return directory;
    }

    /** Schedules a rebuild now (after the quiet period), as if a file had changed. */
    public void reloadNow() {
        schedule();
    }

    private void watch() {
        while (!closed) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean relevant = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    relevant = true;
                } else if (event.context() instanceof Path p && relevant(p.getFileName().toString())) {
                    relevant = true;
                }
            }
            if (relevant) {
                schedule();
            }
            if (!key.reset()) {
                return;
            }
        }
    }

    private static boolean relevant(String name) {
        return !name.startsWith(".") && (name.endsWith(".drl") || name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private void schedule() {
        if (closed) {
            return;
        }
        synchronized (pendingLock) {
            if (pending != null) {
                pending.cancel(false);
            }
            pending = builder.schedule(this::rebuild, debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void rebuild() {
        if (closed) {
            return;
        }
        RuleSet next;
        try {
            next = RuleSet.load(directory);
        } catch (RuleSetException e) {
            listener.failed(e.problems());
            return;
        } catch (RuntimeException e) {
            listener.failed(List.of(RuleProblem.error(".", 0, 0, null, "规则集重新加载时出错: " + e)));
            return;
        }
        RuleSet before = current.getAndSet(next);
        listener.reloaded(next, before);
    }

    /** Stops watching; the last rule set keeps serving through {@link #current()}. */
    @Override
    public void close() throws IOException {
        closed = true;
        builder.shutdownNow();
        watcher.close();
        watchThread.interrupt();
    }
}
