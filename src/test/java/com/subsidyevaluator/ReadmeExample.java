package com.subsidyevaluator;

import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.model.CaseFile;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The library example shown in the README, compiled and run by ReadmeExampleTest so that it cannot rot. */
public final class ReadmeExample {

    private ReadmeExample() {
    }

    public static void main(String[] args) throws Exception {
        // README-EXAMPLE-BEGIN
        RuleSet rules = RuleSet.load(Path.of("rules/yueqing-2023"));     // load once: immutable, thread-safe
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (String file : args) {
            pool.submit(() -> {
                CaseFile applicant = CaseReader.read(Path.of(file));      // strict: errors name file, path, line
                EvaluationResult result = rules.evaluate(applicant);       // a session of its own per call
                for (Outcome o : result.withStatus(Status.ELIGIBLE)) {
                    System.out.println(result.caseId() + " 第" + o.clause() + "条 " + o.title() + "：" + o.benefit().note());
                }
                return null;
            });
        }
        pool.shutdown();
        // README-EXAMPLE-END
        pool.awaitTermination(1, TimeUnit.MINUTES);
    }
}
