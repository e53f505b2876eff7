package com.subsidyevaluator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.subsidyevaluator.io.CaseFiles;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.RegisterWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code subsidy template --out FILE.xlsx [CASE...]}: writes a register workbook, empty or with the cases' facts. */
@Command(name = "template", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"输出登记表模板（Excel）：主表「案例」、各列表工作表、每列的说明（说明）和选项的下拉列表；给出案例文件时填入它们的事实。",
                "Writes a register workbook (.xlsx) for subsidy batch: the main sheet, one sheet per list, a sheet 说明 "
                        + "explaining each column, drop-down lists for every choice; filled with the given case files' facts."},
        footer = ExitCode.HELP)
public class TemplateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE.xlsx", description = "输出的工作簿 the workbook to write")
    Path out;

    @Parameters(arity = "0..*", paramLabel = "CASE",
            description = "填入的案例文件、JSON Lines 文件（每行一个案例）或目录（其下全部 *.json） case files, JSON Lines files (a case per line) or directories to fill in")
    List<Path> inputs = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx")) {
            throw new UsageException(ExitCode.BAD_INPUT, "--out 须为 .xlsx 文件，而不是 " + out + " (--out must name an .xlsx file)");
        }
        // every input checked before anything is written, then read again for each sheet (constant memory)
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            files.addAll(Files.isDirectory(in) ? CaseFiles.in(in, true) : List.of(in));
        }
        ObjectMapper json = new ObjectMapper();
        int[] count = {0};
        RegisterWriter.Cases cases = each -> {
            for (Path f : files) {
                if (isJsonLines(f)) {
                    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (!line.isBlank()) {
                                each.accept(json.readTree(line));
                            }
                        }
                    }
                } else {
                    each.accept(json.readTree(f.toFile()));
                }
            }
        };
        for (Path f : files) {
            count[0] += check(f);
        }
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path part = dir.resolve(out.getFileName() + ".part");
        try (OutputStream o = Files.newOutputStream(part)) {
            RegisterWriter.write(o, cases);
        } catch (RegisterWriter.TooManyRows e) {
            Files.deleteIfExists(part);
            throw new UsageException(ExitCode.BAD_INPUT, e.getMessage());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
        spec.commandLine().getOut().println("登记表已写入 " + out + (count[0] == 0 ? "" : "（" + count[0] + " 个案例）"));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }

    private static boolean isJsonLines(Path f) {
        String name = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson");
    }

    /** Reads a case file, or every line of a JSON Lines file, as a case; the number of cases, or the first error. */
    private static int check(Path f) throws IOException {
        if (!isJsonLines(f)) {
            try {
                CaseReader.read(f);
            } catch (CaseFormatException e) {
                throw new UsageException(ExitCode.BAD_INPUT, e.getMessage());
            }
            return 1;
        }
        int n = 0;
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    CaseReader.read(line, f + ":" + lineNo);
                } catch (CaseFormatException e) {
                    throw new UsageException(ExitCode.BAD_INPUT, e.getMessage());
                }
                n++;
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UsageException(ExitCode.BAD_INPUT, f + ":" + (lineNo + 1) + "：不是 UTF-8 文本 (not UTF-8 text)");
        }
        return n;
    }
}
