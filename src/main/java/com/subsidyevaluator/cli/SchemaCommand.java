package com.subsidyevaluator.cli;

import com.subsidyevaluator.io.CaseSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code subsidy schema}: prints the JSON Schema of case files. */
@Command(name = "schema", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"输出案例文件格式的 JSON Schema（各数值注明单位）。",
                "Prints the JSON Schema of case files (every number states its unit)."},
        footer = ExitCode.HELP)
public class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(CaseSchema.text());
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
