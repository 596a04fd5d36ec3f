#!/usr/bin/env bash
# Consumer test: pack every package as it would be published (`pnpm pack` turns workspace:^ into
# real version ranges), install the tarballs with npm into a scratch project outside the
# workspace, then type-check and run a TypeScript example against them and use the installed
# `ring` bin (run, sweep with worker threads, report). Each tarball is also checked with
# @arethetypeswrong/cli (ESM profile). Needs the packages built (`pnpm build`).
# Third-party dependencies come from the npm registry or npm's cache (--prefer-offline).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PNPM="${PNPM:-pnpm}"
PACKAGES=(engine metrics policy-eval export store explain cli)
EXPECTED_DELTA="0.8728497132951060141352180291" # paper2025 κ=0.25 c=0.2 μ=1 ρ=1.0 seed 46 (packages/cli run.test.ts)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ring-consumer.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
TARBALLS="$WORK/tarballs"
APP="$WORK/app"
mkdir -p "$TARBALLS" "$APP"

fail() { echo "consumer-test: FAIL: $*" >&2; exit 1; }

echo "consumer-test: packing ${PACKAGES[*]}"
for p in "${PACKAGES[@]}"; do
  [[ -f "$ROOT/packages/$p/dist/index.js" ]] || fail "packages/$p is not built (run pnpm build first)"
  (cd "$ROOT/packages/$p" && $PNPM pack --pack-destination "$TARBALLS" >/dev/null)
done

# What each tarball must (and must not) contain.
for t in "$TARBALLS"/*.tgz; do
  listing="$(tar -tzf "$t")"
  for f in package/package.json package/LICENSE package/dist/index.js package/dist/index.d.ts package/esm-only.cjs package/esm-only.d.cts; do
    grep -qx "$f" <<<"$listing" || fail "$(basename "$t") lacks $f"
  done
  if grep -E '^package/(src/|.*\.test\.|node_modules/|tsconfig)' <<<"$listing" >/dev/null; then
    fail "$(basename "$t") ships sources or tests: $(grep -E '^package/(src/|.*\.test\.|node_modules/|tsconfig)' <<<"$listing" | head -3 | tr '\n' ' ')"
  fi
  if tar -xzOf "$t" package/package.json | grep -q '"workspace:'; then fail "$(basename "$t") still has a workspace: dependency"; fi
  cmp -s <(tar -xzOf "$t" package/LICENSE) "$ROOT/LICENSE" || fail "$(basename "$t"): LICENSE differs from the root LICENSE"
done

# Are the types wrong? Checked on the very tarballs that get published, one at a time (`attw --pack`
# under turbo's parallel lint raced on the packing). ESM profile: the packages are ESM-only (their
# `require` condition is a stub that throws, checked below), so CommonJS resolutions are not checked. --no-definitely-typed: our own .d.ts must resolve;
# a DefinitelyTyped package must not stand in for them (and nothing is fetched from the registry).
ATTW="$ROOT/node_modules/.bin/attw"
[[ -x "$ATTW" ]] || fail "$ATTW not found (root devDependency @arethetypeswrong/cli; run pnpm install)"
for t in "$TARBALLS"/*.tgz; do
  if report="$("$ATTW" "$t" --profile esm-only --no-definitely-typed --format table-flipped --no-color 2>&1)"; then
    echo "consumer-test: attw --profile esm-only $(basename "$t"): OK"
  else
    echo "$report" >&2
    fail "attw --profile esm-only $(basename "$t"): the types are wrong (see above)"
  fi
done

cd "$APP"
cat >package.json <<'JSON'
{ "name": "ring-consumer-test", "version": "0.0.0", "private": true, "type": "module" }
JSON
echo "consumer-test: npm install $(cd "$TARBALLS" && ls | tr '\n' ' ')"
npm install --no-audit --no-fund --prefer-offline --loglevel=error "$TARBALLS"/*.tgz >/dev/null

# Every @ring/* package must be the packed one, installed once (never fetched from the registry).
for p in "${PACKAGES[@]}"; do
  [[ -f "node_modules/@ring/$p/package.json" ]] || fail "@ring/$p not installed"
done
if find node_modules -mindepth 3 -path '*/node_modules/@ring/*' -name package.json | grep -q .; then
  fail "a nested copy of an @ring package was installed: $(find node_modules -mindepth 3 -path '*/node_modules/@ring/*' -name package.json | head -3)"
fi

# The packages are ES modules: require() from CommonJS must fail with a message that says how to load them.
for p in "${PACKAGES[@]}"; do
  msg="$(node -e "try { require('@ring/$p'); } catch (e) { console.log(e.code + ' ' + e.message); process.exit(0); } process.exit(1);")" \
    || fail "require('@ring/$p') did not throw"
  [[ "$msg" == "ERR_REQUIRE_ESM @ring/$p is an ES module"*"await import('@ring/$p')"* ]] || fail "require('@ring/$p') threw: $msg"
done
echo "consumer-test: require() of each package explains how to import it"

# A TypeScript example, type-checked as a Node16 ESM consumer sees the packages, then run.
cat >example.ts <<'TS'
import { runPair } from '@ring/engine';
import type { PairResult } from '@ring/engine';
import { createRunCollector } from '@ring/metrics';
import { TRADES_TABLE, columnNames } from '@ring/metrics';
import { RUN_FILES } from '@ring/export';
import { PRESET_NAMES } from '@ring/policy-eval';
import { NO_DIFFERENCE_REASONS } from '@ring/explain';
import { runCli } from '@ring/cli';

const pair: PairResult = runPair({ profile: 'paper2025', kappa: '0.25', concentration: '0.2', mu: '1', outsideMidRatio: '1.0', seed: 46 });
const collector = createRunCollector();
void collector;
const header = columnNames(TRADES_TABLE).join(',');
let printed = '';
const code = await runCli(['run', '--profile', 'paper2025', '--regime', 'passive', '--json'], {
  stdout: (t: string) => { printed += t; }, stderr: (t: string) => { printed += t; }, isTTY: false,
});
console.log(JSON.stringify({
  delta_passive: pair.passive.delta, delta_active: pair.active.delta, trading_effect: pair.tradingEffect,
  trades_header_columns: header.split(',').length, presets: PRESET_NAMES, run_files: Object.keys(RUN_FILES).length, cli_exit: code, cli_has_delta: 'delta_passive' in JSON.parse(printed),
  reasons: NO_DIFFERENCE_REASONS.length,
}));
TS
cat >tsconfig.json <<JSON
{
  "compilerOptions": {
    "target": "ES2022", "module": "Node16", "moduleResolution": "Node16", "strict": true,
    "outDir": "out", "skipLibCheck": false, "types": ["node"], "typeRoots": ["$ROOT/node_modules/@types"]
  },
  "files": ["example.ts"]
}
JSON
echo "consumer-test: tsc (Node16 resolution, skipLibCheck false) and run example.ts"
node "$ROOT/node_modules/typescript/bin/tsc" -p tsconfig.json || fail "example.ts does not type-check against the packed packages"
out="$(node out/example.js)"
echo "  $out"
node -e '
  const j = JSON.parse(process.argv[1]);
  const want = process.argv[2];
  if (j.delta_passive !== want || j.delta_active !== want || j.trading_effect !== "0") throw new Error("unexpected δ: " + process.argv[1]);
  if (j.cli_exit !== 0 || !j.cli_has_delta || j.trades_header_columns !== 42 || j.reasons !== 7 || !(j.run_files > 0)) throw new Error("unexpected output: " + process.argv[1]);
' "$out" "$EXPECTED_DELTA" || fail "example.ts printed unexpected values"

echo "consumer-test: installed bin: npx ring run --json"
run="$(npx --no-install ring run --profile paper2025 --kappa 0.25 --concentration 0.2 --mu 1 --outside-mid-ratio 1.0 --seed 46 --json)"
node -e 'const j = JSON.parse(process.argv[1]); if (j.delta_passive !== process.argv[2] || j.total_trades !== 2) throw new Error(process.argv[1]);' "$run" "$EXPECTED_DELTA" \
  || fail "npx ring run --json printed $run"

echo "consumer-test: installed bin: ring run --db + ring query --json (DuckDB from npm)"
npx --no-install ring run --profile paper2025 --kappa 0.25 --concentration 0.2 --mu 1 --outside-mid-ratio 1.0 --seed 46 --db "$APP/results.duckdb" >/dev/null \
  || fail "npx ring run --db failed"
q="$(npx --no-install ring query "$APP/results.duckdb" "select regime, delta from runs order by regime desc" --json)"
node -e 'const j = JSON.parse(process.argv[1]); if (j.length !== 2 || j[0].delta !== process.argv[2]) throw new Error(process.argv[1]);' "$q" "$EXPECTED_DELTA" \
  || fail "npx ring query printed $q"

echo "consumer-test: installed bin: ring sweep (2 worker threads) + ring report"
SWEEP_EXTRA="--workers 2" bash "$ROOT/.ci/check-report.sh" "$APP" npx --no-install ring || fail "ring sweep + ring report with the installed bin"
echo "consumer-test: OK ($(ls "$TARBALLS" | wc -l) packages)"
