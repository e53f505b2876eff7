package com.subsidyevaluator;

import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.CaseReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The library example shown in the README, compiled and run by ReadmeExampleTest so that it cannot rot. */
public final class ReadmeExample {

    private ReadmeExample() {
    }

    // README-EXAMPLE-BEGIN
    public static void main(String[] args) throws Exception {
        System.exit(evaluate(args));                                   // 0: all evaluated; 2: some could not be
    }

    static int evaluate(String... files) throws Exception {
        RuleSet rules = RuleSet.load(Path.of("rules/yueqing-2023"));  // load once: immutable, thread-safe
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<EvaluationResult>> results = new ArrayList<>();
        for (String file : files) {                                    // read and evaluate on the pool's threads
            results.add(pool.submit(() -> rules.evaluate(CaseReader.read(Path.of(file)))));
        }
        pool.shutdown();
        int failed = 0;
        for (int i = 0; i < files.length; i++) {
            try {
                EvaluationResult result = results.get(i).get();       // waits; rethrows what the task threw
                for (Outcome o : result.withStatus(Status.ELIGIBLE)) {
                    System.out.println(result.caseId() + " 第" + o.clause() + "条 " + o.title() + "：" + o.benefit().note());
                }
            } catch (ExecutionException e) {                           // a CaseFormatException names file, path, line
                Throwable cause = e.getCause();
                System.err.println(cause instanceof CaseFormatException ? cause.getMessage() : files[i] + ": " + cause);
                failed++;
            }
        }
        return failed == 0 ? 0 : 2;
    }
    // README-EXAMPLE-END
}
