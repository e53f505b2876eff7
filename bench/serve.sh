#!/usr/bin/env bash
# bench/serve.sh — the web service's load benchmark: builds the program, generates the population (20,000 cases,
# seed 2023), starts `subsidy serve` on loopback and drives it with bench/ServeLoad.java (N keep-alive connections,
# each sending POST /api/evaluate with one case drawn from the population, closed loop), and records
#   1. evaluations per second and p50 / p99 latency at 1, 8, 32 and 128 connections (after a 20 s warm-up of the
#      server, and a warm-up of each level, not counted),
#   2. a soak: requests due at half the peak rate (open loop, 64 connections) for 5 minutes, with the server's
#      resident memory (/proc/PID/status) and heap in use (jvm_memory_used_bytes of /metrics) sampled every 5 s,
#      first minute against last.
# Several servers can be compared side by side in one run (--variant, repeatable: "name|jar|JVM options|serve
# options", where jar "launcher" means ./subsidy as users run it); their runs alternate round by round, because on a shared machine
# absolute figures drift while ratios within one round hold. The soak runs the first variant.
# Prints a markdown table, also written to bench/work/serve-<time>.md.
#
#   bench/serve.sh [--quick] [--rounds R] [--seconds S] [--warmup S] [--soak-seconds S | --no-soak]
#                  [--connections "1 8 32 128"] [--variant "name|jar|JVM options|serve options"]... [--no-build]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$here"

rounds=1
seconds=15
warmup=5
soak=300
server_warmup=20
levels="1 8 32 128"
build=1
variants=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) seconds=5; warmup=2; soak=20; server_warmup=5; shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --soak-seconds) soak="$2"; shift 2 ;;
    --no-soak) soak=0; shift ;;
    --connections) levels="$2"; shift 2 ;;
    --variant) variants+=("$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ ${#variants[@]} -gt 0 ] || variants=("subsidy serve|launcher|")

work="$here/bench/work"
mkdir -p "$work"
jar="$here/target/subsidy-evaluator-cli.jar"
log() { echo "serve-bench: $*" >&2; }

if [ "$build" = 1 ]; then
  log "building (mvn -DskipTests package) ..."
  (mvn -B -q -DskipTests package >/dev/null)
fi
classes="$work/classes"
mkdir -p "$classes"
javac -nowarn -d "$classes" bench/ServeLoad.java
pop="$work/population-20000.jsonl"
if [ ! -s "$pop" ] || [ "$pop" -ot "$jar" ]; then
  log "generating 20000 cases (seed 2023) ..."
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" generate --count 20000 --seed 2023 --out "$pop" \
    --rules "$here/rules/yueqing-2023" >/dev/null
fi

server_pid=""
server_url=""
job_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    local i
    for i in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    wait "$job_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

start_server() { # "name|jar|opts" -> sets server_pid, server_url
  local spec="$1" name j opts args slog
  IFS='|' read -r name j opts args <<<"$spec"
  slog="$work/serve-server.log"
  : > "$slog"
  if [ "$j" = launcher ]; then
    # exec'd by the launcher: the background job's pid is the server's
    # shellcheck disable=SC2086
    SUBSIDY_JAVA_OPTS="$opts" ./subsidy serve --port 0 $args 2>"$slog" >/dev/null &
  else
    # shellcheck disable=SC2086
    java $opts -Dfile.encoding=UTF-8 -jar "$j" serve --port 0 --rules "$here/rules/yueqing-2023" $args 2>"$slog" >/dev/null &
  fi
  job_pid=$!
  server_pid=$job_pid
  local i port found
  for i in $(seq 1 600); do
    server_url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$slog" | tail -1 || true)"
    if grep -q '^subsidy serve: http' "$slog" && [ -n "$server_url" ]; then
      # the JVM listening on the port (the job may be a shell that started it): its memory is sampled, it is stopped
      port="${server_url##*:}"
      found="$(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"
      server_pid="${found:-$job_pid}"
      return 0
    fi
    if ! kill -0 "$job_pid" 2>/dev/null; then
      cat "$slog" >&2
      echo "serve-bench: the server of $name did not start" >&2
      exit 1
    fi
    sleep 0.3
  done
  echo "serve-bench: the server of $name was not ready in 180 s" >&2
  exit 1
}

field() { sed "s/.*\"$1\":\([^,}]*\).*/\1/" <<<"$2" | tr -d '"'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A rate p50 p99 errs rss
nv=${#variants[@]}
for r in $(seq 1 "$rounds"); do
  for k in $(seq 0 $((nv - 1))); do
    # alternate the order round by round: each variant runs first as often as the others
    v=$(( (k + r - 1) % nv ))
    spec="${variants[$v]}"
    name="${spec%%|*}"
    log "round $r/$rounds: $name"
    start_server "$spec"
    # the JIT compiles the hot code in the first seconds of load: not counted, so that 1 connection (the first level)
    # is measured on a warm server like the others
    java -cp "$classes" ServeLoad --url "$server_url" --cases "$pop" --connections 8 --warmup "$server_warmup" --seconds 1 >/dev/null
    for c in $levels; do
      line="$(java -cp "$classes" ServeLoad --url "$server_url" --cases "$pop" --connections "$c" --warmup "$warmup" \
        --seconds "$seconds" | tail -1)"
      log "  $c connections: $line"
      rate[$v,$c]+="$(field perSecond "$line") "
      p50[$v,$c]+="$(field p50Ms "$line") "
      p99[$v,$c]+="$(field p99Ms "$line") "
      errs[$v,$c]=$(( ${errs[$v,$c]:-0} + $(field errors "$line") ))
    done
    rss[$v]+="$(rss_mib "$server_pid") "
    stop_server
  done
done
load_mid="$(cut -d' ' -f1-3 /proc/loadavg)"

words() { tr ' ' '\n' <<<"$1" | grep .; }
peak=0
for c in $levels; do
  m="$(words "${rate[0,$c]}" | median)"
  if [ "$(echo "$m > $peak" | bc -l)" = 1 ]; then peak="$m"; fi
done

soak_line=""
if [ "$soak" != 0 ]; then
  target="$(echo "$peak / 2" | bc -l | xargs printf '%.0f')"
  log "soak: ${soak} s at $target requests/s (half of ${peak}/s), ${variants[0]%%|*}"
  start_server "${variants[0]}"
  java -cp "$classes" ServeLoad --url "$server_url" --cases "$pop" --connections 8 --warmup "$server_warmup" --seconds 1 >/dev/null
  samples="$work/serve-soak-$(date +%Y%m%d-%H%M%S).tsv"
  soak_line="$(java -cp "$classes" ServeLoad --url "$server_url" --cases "$pop" --connections 64 --rate "$target" --warmup 0 \
    --seconds "$soak" --sample-pid "$server_pid" --sample-every 5 --samples "$samples" | tail -1)"
  log "  $soak_line"
  stop_server
fi
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

out="$work/serve-$(date +%Y%m%d-%H%M%S).md"
{
  echo "### Web service benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) processors ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB memory, $(uname -sr); $(java -version 2>&1 | head -1). The load generator runs on the same processors."
  echo "Load average (1, 5, 15 min) before / after the connection runs / after the soak: $load_before / $load_mid / $load_after."
  echo "Requests: POST /api/evaluate, one case each, drawn in turn from 20,000 generated cases (seed 2023); keep-alive connections, closed loop; each server first warmed up for ${server_warmup} s at 8 connections, then at each level ${warmup} s warm-up and ${seconds} s measured; $rounds round(s), medians of the rounds. Errors: answers other than 200 and broken connections."
  echo
  echo "| server | connections | evaluations/s | p50 ms | p99 ms | errors |"
  echo "|---|---:|---:|---:|---:|---:|"
  for v in $(seq 0 $((nv - 1))); do
    for c in $levels; do
      echo "| ${variants[$v]%%|*} | $c | $(words "${rate[$v,$c]}" | median | xargs printf '%.0f') | $(words "${p50[$v,$c]}" | median | xargs printf '%.1f') | $(words "${p99[$v,$c]}" | median | xargs printf '%.1f') | ${errs[$v,$c]} |"
    done
  done
  echo
  for v in $(seq 0 $((nv - 1))); do
    IFS='|' read -r name j opts args <<<"${variants[$v]}"
    echo "* ${name}: $( [ "$j" = launcher ] && echo "./subsidy serve${args:+ $args} (the launcher's JVM options${opts:+, plus $opts})" || echo "java ${opts} -jar ${j#"$here"/} serve${args:+ $args}"); resident memory after its runs: $(words "${rss[$v]}" | tr '\n' ' ')MiB; evaluations/s round by round at each level: $(for c in $levels; do printf '%s: %s; ' "$c" "$(words "${rate[$v,$c]}" | xargs printf '%.0f ' | sed 's/ $//')"; done)"
  done
  if [ -n "$soak_line" ]; then
    echo
    echo "Soak (${variants[0]%%|*}): $(field targetRate "$soak_line" | xargs printf '%.0f') requests/s due (half the peak of ${peak}/s), open loop on 64 connections, ${soak} s; latency counted from when each request was due."
    echo
    echo "| evaluations/s | p50 ms | p99 ms | max ms | errors | RSS first / last $(field windowSeconds "$soak_line") s, MiB | heap in use first / last, mean (max), MiB |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    echo "| $(field perSecond "$soak_line" | xargs printf '%.0f') | $(field p50Ms "$soak_line") | $(field p99Ms "$soak_line") | $(field maxMs "$soak_line") | $(field errors "$soak_line") | $(field rssFirstMib "$soak_line") / $(field rssLastMib "$soak_line") | $(field heapFirstMib "$soak_line") ($(field heapFirstMaxMib "$soak_line")) / $(field heapLastMib "$soak_line") ($(field heapLastMaxMib "$soak_line")) |"
    echo
    echo "Memory samples: ${samples#"$here"/}."
  fi
} | tee "$out"
log "written to $out"
