#!/usr/bin/env bash
# bench/run.sh — the batch benchmark: builds the program, generates the synthetic population, measures in one run
#   1. batch throughput of every engine mode against the I/O floor (bench/Benchmark.java, one JVM per run),
#   2. `subsidy batch` end to end as users run it,
#   3. `subsidy evaluate` start-up with and without the compiled-rule cache and the class-data archive,
#   4. one million cases with -Xmx256m,
#   5. each phase of the batch on its own, on one thread (bench/Phases.java: microseconds per case),
#   6. the bytes the batch writes per case (every file of --out), and an Excel register of the same population read
#      on one thread (bench/RegisterRead.java: rows per second),
#   7. before and after all of these, how much the processors give at that moment (bench/Processors.java: the same
#      arithmetic on one thread and on all at once; on a shared machine the second processor is not always there),
# and prints a table (also written to bench/work/results-<time>.md). Rerunnable: the population is regenerated
# when the program changes. The machine may be shared: every figure is the median of --repeat runs, with the best.
#
#   bench/run.sh [--cases N] [--repeat R] [--no-million] [--quick]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$here"

cases=220000
repeat=3
million=1
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) cases="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --no-million) million=0; shift ;;
    --quick) cases=50000; repeat=1; million=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

work="$here/bench/work"
mkdir -p "$work"
jar="$here/target/subsidy-evaluator-cli.jar"
# The JVM options ./subsidy uses for batch and generate (C1 only, serial GC: see docs/performance.md).
batch_jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dfile.encoding=UTF-8)
sample="$here/samples/s01-smart-electrical-manufacturer.json"

log() { echo "bench: $*" >&2; }

log "building (mvn -DskipTests package) ..."
(mvn -B -q -DskipTests package >/dev/null)
./subsidy --version >/dev/null  # lets the launcher make its class-data archive for this build
classes="$work/classes"
mkdir -p "$classes"
javac -nowarn -d "$classes" -cp "$jar" bench/Benchmark.java bench/Phases.java bench/Processors.java bench/RegisterRead.java
processors() { java -cp "$classes" Processors | sed 's/.*"speedUp":\([0-9.]*\).*/\1/'; }

population() { # count -> file (regenerated when the program is newer)
  local n="$1" f="$work/population-$1.jsonl"
  if [ ! -s "$f" ] || [ "$f" -ot "$jar" ]; then
    log "generating $n cases (seed 2023) ..."
    java "${batch_jvm[@]}" -jar "$jar" generate --count "$n" --seed 2023 --out "$f" --rules "$here/rules/yueqing-2023"
  fi
  echo "$f"
}
pop="$(population "$cases")"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
best() { sort -g | head -1; }
words() { tr ' ' '\n' <<<"$1" | grep .; } # a space-separated list, one per line

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
log "processors before"
speedup_before="$(processors)"
# The goals compare mini-batch with the floor and with plain: those three run next to each other in every round, so
# that each round's ratios compare runs seconds apart (the shared machine's speed drifts over minutes).
variants=(plain-sessions stateless-lean mini-batch-full plain mini-batch floor)
declare -A secs cpus
for v in "${variants[@]}"; do secs[$v]=""; cpus[$v]=""; done
digest_ref=""
for r in $(seq 1 "$repeat"); do
  for v in "${variants[@]}"; do
    log "run $r/$repeat: $v"
    # Each run starts with the earlier runs' reports on disk: up to 1.8 GB of another variant's pages still
    # waiting to be written back otherwise compete with this run (mini-batch took 11.8 s right after
    # mini-batch-full, 9.8 s after a sync, in one pair of runs).
    rm -rf "$work/out-$v"
    sync
    line="$(java "${batch_jvm[@]}" -cp "$jar:$classes" Benchmark --variant "$v" --input "$pop" --out "$work/out-$v" \
      --rules "$here/rules/yueqing-2023" --empty-rules "$here/bench/empty-rules" | tail -1)"
    s="$(sed 's/.*"seconds":\([0-9.]*\).*/\1/' <<<"$line")"
    c="$(sed 's/.*"cpuSeconds":\([0-9.]*\).*/\1/' <<<"$line")"
    d="$(sed 's/.*"digest":"\([^"]*\)".*/\1/' <<<"$line")"
    secs[$v]+="$s "
    cpus[$v]+="$c "
    if [ "$v" != floor ]; then
      if [ -z "$digest_ref" ]; then digest_ref="$d"; elif [ "$d" != "$digest_ref" ]; then
        echo "bench: $v wrote different results ($d, expected $digest_ref)" >&2; exit 1
      fi
    fi
  done
done

# each round's ratios, from its own runs
paired() { # numerator denominator -> the per-round ratios, space-separated
  paste -d/ <(words "${secs[$1]}") <(words "${secs[$2]}") | bc -l \
    | xargs printf '%.2f '
}
pair_floor="$(paired mini-batch floor)"
pair_plain="$(paired plain mini-batch)"

declare -A med bst cpu
for v in "${variants[@]}"; do
  med[$v]="$(words "${secs[$v]}" | median)"
  bst[$v]="$(words "${secs[$v]}" | best)"
  cpu[$v]="$(words "${cpus[$v]}" | median)"
done

log "subsidy batch end to end"
e2e=""
for r in $(seq 1 "$repeat"); do
  rm -rf "$work/out-e2e"
  sync
  t0=$(date +%s.%N)
  ./subsidy batch "$pop" --out "$work/out-e2e" >/dev/null
  t1=$(date +%s.%N)
  e2e+="$(echo "$t1 - $t0" | bc -l | xargs printf '%.3f') "
done
e2e_med="$(words "$e2e" | median)"
# what the batch wrote, every file of --out (departments/ included), by file and per case
sizes="$(cd "$work/out-e2e" && find . -type f -printf '%s %P\n' | sort -k2)"
bytes_total="$(awk '{s += $1} END {print s}' <<<"$sizes")"
bytes_files="$(awk -v n="$cases" '{d = $2; sub(/\/.*/, "/", d); b[d] += $1} END {for (k in b) printf "%s %.0f B, ", k, b[k] / n}' <<<"$sizes" | sed 's/, $//')"

log "reading a $cases-row Excel register"
register="$work/register-$cases.xlsx"
if [ ! -s "$register" ] || [ "$register" -ot "$pop" ]; then
  log "writing the register from the population (subsidy template) ..."
  java "${batch_jvm[@]}" -jar "$jar" template --out "$register" "$pop" >/dev/null
fi
reg_lines="$(java "${batch_jvm[@]}" -cp "$jar:$classes" RegisterRead --input "$register" --rounds $((repeat < 2 ? 2 : repeat)))"
reg_alone="$(grep '"factModel":false' <<<"$reg_lines" | sed 's/.*"rowsPerSecond":\([0-9.]*\).*/\1/' | median)"
reg_model="$(grep '"factModel":true' <<<"$reg_lines" | sed 's/.*"rowsPerSecond":\([0-9.]*\).*/\1/' | median)"

log "evaluate start-up"
cache="$work/rule-cache"
rm -rf "$cache"
SUBSIDY_CACHE_DIR="$cache" ./subsidy evaluate "$sample" --format json >/dev/null  # fills the rule cache
declare -A st
for k in base nocds-cache cds-nocache cds-cache; do st[$k]=""; done
time_one() { # env... -- args
  local t0 t1
  t0=$(date +%s.%N)
  env "$@" >/dev/null
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l | xargs printf '%.3f'
}
for r in $(seq 1 $((repeat * 2))); do
  st[base]+="$(time_one SUBSIDY_NO_CDS=1 SUBSIDY_CACHE_DIR="$cache" ./subsidy evaluate "$sample" --format json --no-rule-cache) "
  st[cds-nocache]+="$(time_one SUBSIDY_CACHE_DIR="$cache" ./subsidy evaluate "$sample" --format json --no-rule-cache) "
  st[nocds-cache]+="$(time_one SUBSIDY_NO_CDS=1 SUBSIDY_CACHE_DIR="$cache" ./subsidy evaluate "$sample" --format json) "
  st[cds-cache]+="$(time_one SUBSIDY_CACHE_DIR="$cache" ./subsidy evaluate "$sample" --format json) "
done
declare -A stm
for k in "${!st[@]}"; do stm[$k]="$(words "${st[$k]}" | median)"; done

log "phases on one thread"
phases="$(java "${batch_jvm[@]}" -cp "$jar:$classes" com.subsidyevaluator.batch.Phases --rules "$here/rules/yueqing-2023" \
  --input "$pop" | tail -1)"
phase() { sed "s/.*\"$1\":\([0-9.]*\).*/\1/" <<<"$phases"; }

million_line="not run (--no-million)"
if [ "$million" = 1 ]; then
  big="$(population 1000000)"
  log "1,000,000 cases with -Xmx256m"
  rm -rf "$work/out-1m"
  sync
  if /usr/bin/time -f "%e %M" -o "$work/time-1m.txt" env SUBSIDY_JAVA_OPTS=-Xmx256m ./subsidy batch "$big" \
      --out "$work/out-1m" > "$work/summary-1m.txt"; then
    read -r w rss < "$work/time-1m.txt"
    million_line="$(cat "$work/summary-1m.txt"); exit 0; ${w} s wall, peak resident memory $((rss / 1024)) MiB"
  else
    million_line="FAILED: $(cat "$work/summary-1m.txt" 2>/dev/null)"
  fi
  rm -rf "$work/out-1m"
fi
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
log "processors after"
speedup_after="$(processors)"

rate() { echo "$cases / $1" | bc -l | xargs printf '%.0f'; }
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
out="$work/results-$(date +%Y%m%d-%H%M%S).md"
{
  echo "### Batch benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) processors ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB memory, $(uname -sr); $(java -version 2>&1 | head -1)."
  echo "Load average before / after: $load_before / $load_after (the machine is shared: figures vary by ±15 %)."
  echo "Speed-up of $(nproc) threads over one on the same arithmetic (bench/Processors.java; $(nproc).00 on a machine of its own), before / after: $speedup_before / $speedup_after."
  echo "Rules: $(ls rules/yueqing-2023/*.drl | wc -l) DRL files, $(cat rules/yueqing-2023/*.drl | grep -c '^rule ') rules. Population: $cases generated cases ($(du -m "$pop" | cut -f1) MB of JSON Lines). JVM: ${batch_jvm[*]}."
  echo
  echo "| variant | median s | best s | cases/s (median) | cases/s (best) | CPU s | vs floor | plain ÷ variant |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for v in floor plain plain-sessions stateless-lean mini-batch-full mini-batch; do
    echo "| $v | ${med[$v]} | ${bst[$v]} | $(rate "${med[$v]}") | $(rate "${bst[$v]}") | ${cpu[$v]} | $(ratio "${med[$v]}" "${med[floor]}") × | $(ratio "${med[plain]}" "${med[$v]}") × |"
  done
  echo
  echo "Round by round (each round's runs side by side): mini-batch ÷ floor ${pair_floor}(median $(words "$pair_floor" | median) ×); plain ÷ mini-batch ${pair_plain}(median $(words "$pair_plain" | median) ×)."
  echo
  echo "\`subsidy batch\` end to end (JVM start, cached rules, $cases cases, all reports): median ${e2e_med} s = $(rate "$e2e_med") cases/s."
  echo
  echo "Written by that batch: $(echo "$bytes_total / $cases" | bc -l | xargs printf '%.0f') bytes per case, all files of --out together ($((bytes_total / 1048576)) MiB): ${bytes_files}."
  echo
  echo "A $cases-row Excel register ($(du -m "$register" | cut -f1) MB, written by \`subsidy template\` from the population) read on one thread (bench/RegisterRead.java, median of its rounds): $reg_alone rows/s into case records, $reg_model rows/s with each record also read into the fact model."
  echo
  echo "| \`subsidy evaluate\` one case | median s | ÷ no cache, no archive |"
  echo "|---|---:|---:|"
  echo "| no rule cache, no class-data archive | ${stm[base]} | 1.00 |"
  echo "| no rule cache, class-data archive | ${stm[cds-nocache]} | $(ratio "${stm[cds-nocache]}" "${stm[base]}") |"
  echo "| rule cache, no class-data archive | ${stm[nocds-cache]} | $(ratio "${stm[nocds-cache]}" "${stm[base]}") |"
  echo "| rule cache and class-data archive (default) | ${stm[cds-cache]} | $(ratio "${stm[cds-cache]}" "${stm[base]}") |"
  echo
  echo "With the class-data archive on both sides, cached ÷ uncached = $(ratio "${stm[cds-cache]}" "${stm[cds-nocache]}")."
  echo
  echo "1,000,000 cases with -Xmx256m: $million_line"
  echo
  echo "Phases on one thread (bench/Phases.java, $(phase cases) cases, fastest of $(phase rounds) rounds), µs per case:"
  echo
  echo "| read | evaluate | results.jsonl | awards.csv | summary | report | total |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  echo "| $(phase read) | $(phase evaluate) | $(phase results.jsonl) | $(phase awards.csv) | $(phase summary) | $(phase report) | $(phase total) |"
} | tee "$out"
log "written to $out"
