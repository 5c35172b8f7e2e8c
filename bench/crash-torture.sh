#!/usr/bin/env bash
# kill -9 torture of the main job on the embedded store (npm start), against a demo mailbox that
# outlives it (as a real site does): ROUNDS times, start the main job, sometimes ask for a backup
# or an export through it, kill it with SIGKILL after MIN..MAX seconds; then one clean run and
# bench/crash-check.ts (every letter the site lists in the store once, each with its case, the
# 反映人数 and ledger numbers right). Ports and folder are arguments, so it runs beside others.
#
#   bash bench/crash-torture.sh DIR ROUNDS MIN MAX SITE_PORT CONSOLE_PORT
#   e.g. bash bench/crash-torture.sh /tmp/torture 20 5 45 3201 3202
set -u
cd "$(dirname "$0")/.."
dir=${1:?folder}; rounds=${2:-20}; min=${3:-5}; max=${4:-45}; site_port=${5:-3201}; console_port=${6:-3202}
mkdir -p "$dir"
sed "s#{{base}}#http://127.0.0.1:$site_port#" crawlers/sources/demo.yaml > "$dir/sources.yaml"
node bin/minsheng.js demo-site --port "$site_port" --interval 1 > "$dir/demo.log" 2>&1 &
site=$!
trap 'kill $site 2>/dev/null' EXIT
sleep 4
export MINSHENG_DATA_DIR="$dir/data" MINSHENG_SOURCES="$dir/sources.yaml" PORT="$console_port" MINSHENG_BACKUP_DIR="$dir/backups"
for i in $(seq 1 "$rounds"); do
  node bin/minsheng.js start > "$dir/main-$i.log" 2>&1 &
  main=$!
  s=$(( min + RANDOM % (max - min + 1) ))
  side=()
  if (( RANDOM % 3 == 0 )); then (sleep $(( s > 3 ? s - 3 : 1 )); node bin/minsheng.js backup >> "$dir/side-$i.log" 2>&1) & side+=($!); fi
  if (( RANDOM % 3 == 0 )); then (sleep $(( s > 2 ? s - 2 : 1 )); node bin/minsheng.js export --format json --out "$dir/export-$i.json" >> "$dir/side-$i.log" 2>&1) & side+=($!); fi
  sleep "$s"
  kill -9 "$main"; wait "$main" 2>/dev/null
  echo "round $i: killed after ${s}s; started: $(grep -c '民声已启动' "$dir/main-$i.log"); recovered: $(grep -o '恢复未完成的留言 [0-9]* 条' "$dir/main-$i.log" || true); errors: $(grep -c '错误' "$dir/main-$i.log")"
  for p in "${side[@]}"; do wait "$p"; done
done
node bin/minsheng.js start > "$dir/final.log" 2>&1 &
main=$!
sleep 45
kill -TERM "$main"; wait "$main"
echo "final run: exit $?; $(grep -c '错误' "$dir/final.log") errors"
npx tsx bench/crash-check.ts "$dir/data" "http://127.0.0.1:$site_port"
