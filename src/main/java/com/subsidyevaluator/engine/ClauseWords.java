package com.subsidyevaluator.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The words of each clause as the rule files quote them, right above the rules that encode it, in comments that
 * start "// 第N条" and go on in the comment lines after it:
 *
 * <pre>
 * // 第12条 实施企业研发投入奖补政策。……对满足条件的统计年报在统、有成立研发机构，同时录入统计联网直报平台的
 * // 企业，按照相应标准实施研发后补助。
 * </pre>
 *
 * gives 12 → "第12条 实施企业研发投入奖补政策。……对满足条件的…研发后补助。". The first quotation of a clause counts
 * (files in name order). What the rules quote is what they encode: a "……" stands for words of the clause that no
 * rule turns into a condition.
 */
public final class ClauseWords {

    /** A comment that starts a clause's words: "// 第12条 实施企业研发投入奖补政策。……". */
    private static final Pattern CLAUSE_WORDS = Pattern.compile("^//\\s*第(\\d+)条\\s*(.*)$");

    private ClauseWords() {
    }

    /** The words of each clause the rule set's DRL files quote; empty when its directory cannot be read. */
    public static Map<Integer, String> of(RuleSet rules) {
        return rules == null || rules.directory() == null ? new TreeMap<>() : of(rules.directory());
    }

    /** The words of each clause quoted by the {@code *.drl} files of {@code dir}. */
    public static Map<Integer, String> of(Path dir) {
        Map<Integer, String> words = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".drl")).sorted().toList();
        } catch (IOException e) {
            return words;
        }
        for (Path f : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue;
            }
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = CLAUSE_WORDS.matcher(lines.get(i).strip());
                if (!m.matches() || m.group(2).isEmpty()) {
                    continue;
                }
                int n = Integer.parseInt(m.group(1));
                StringBuilder text = new StringBuilder("第" + n + "条 " + m.group(2).strip());
                for (int j = i + 1; j < lines.size(); j++) {
                    String l = lines.get(j).strip();
                    if (!l.startsWith("//") || l.substring(2).isBlank()) {
                        break;
                    }
                    text.append(l.substring(2).strip());
                }
                words.putIfAbsent(n, text.toString());
            }
        }
        return words;
    }
}
