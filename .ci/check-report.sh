#!/usr/bin/env bash
# The "someone new" flow of the README, with any way of invoking ring: a small sweep with
# detailed logging, then `ring report DIR --out FILE.html`, then check that the page exists, is
# self-contained (Chart.js inlined, nothing loaded from the network) and has every chart of a
# sweep report, and that `ring explain DIR` explains every pair. Whether the charts actually render
# is the browser test's job (packages/cli).
#
#   bash .ci/check-report.sh WORKDIR RING_COMMAND...
#   bash .ci/check-report.sh /tmp/x npx -y pnpm@10 ring      # the workspace, as the README says
#   bash .ci/check-report.sh "$APP" npx --no-install ring     # installed tarballs (consumer test)
#
# SWEEP_EXTRA adds sweep flags (the consumer test uses --workers 2 to exercise the worker pool).
set -euo pipefail

[[ $# -ge 2 ]] || { echo "usage: $0 WORKDIR RING_COMMAND..." >&2; exit 2; }
WORKDIR="$(mkdir -p "$1" && cd "$1" && pwd)"
shift
RING=("$@")
SWEEP="$WORKDIR/sweep"
HTML="$WORKDIR/report.html"
fail() { echo "check-report: FAIL: $*" >&2; exit 1; }

rm -rf "$SWEEP" "$HTML"
echo "check-report: ${RING[*]} sweep (8 pairs) + report"
# shellcheck disable=SC2086
"${RING[@]}" sweep --preset paper2025 --out "$SWEEP" --detailed-logging --no-progress ${SWEEP_EXTRA:-} \
  --kappas 0.5,2 --concentrations 1 --mus 0.5,1 --outside-mid-ratios 0.8,1 >"$WORKDIR/sweep.log" 2>&1 \
  || { cat "$WORKDIR/sweep.log" >&2; fail "ring sweep failed"; }
[[ -s "$SWEEP/aggregate/comparison.csv" ]] || fail "ring sweep wrote no aggregate/comparison.csv"
"${RING[@]}" report "$SWEEP" --out "$HTML" >"$WORKDIR/report.log" 2>&1 \
  || { cat "$WORKDIR/report.log" >&2; fail "ring report failed"; }
grep -m1 'ring report' "$WORKDIR/report.log" | sed 's/^/  /'

[[ -s "$HTML" ]] || fail "$HTML was not written"
grep -q 'Chart.js v4' "$HTML" || fail "report.html does not inline Chart.js"
if grep -Eq '<(script|link|img)[^>]+(src|href)="(https?:)?//' "$HTML"; then
  fail "report.html loads something from the network: $(grep -Eo '<(script|link|img)[^>]+(src|href)="(https?:)?//[^"]*' "$HTML" | head -1)"
fi
for id in te-kappa te-concentration te-mu te-outside_mid_ratio delta-scatter strategy-mix default-rates run-inventory run-debt \
  explain-saved-harmed explain-liquidity explain-horizons; do
  grep -q "<canvas id=\"chart-$id\"" "$HTML" || fail "report.html lacks the chart chart-$id"
done
# ring explain on the same sweep: one explanation per pair of comparison.csv
"${RING[@]}" explain "$SWEEP" --json --out "$WORKDIR/explain.json" >"$WORKDIR/explain.log" 2>&1 \
  || { cat "$WORKDIR/explain.log" >&2; fail "ring explain failed"; }
node -e '
  const fs = require("fs");
  const e = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const pairs = fs.readFileSync(process.argv[2], "utf8").trim().split("\n").length - 1;
  if (e.pairs.length !== pairs || e.pairs.some((p) => (p.effect_class === "unchanged") !== (p.no_difference_reason !== null)))
    throw new Error("ring explain: " + e.pairs.length + " pairs for " + pairs + " in comparison.csv, or a Δ = 0 pair without a reason");
' "$WORKDIR/explain.json" "$SWEEP/aggregate/comparison.csv" || fail "ring explain --json is not one explanation per pair"
echo "check-report: OK ($HTML, $(($(wc -c <"$HTML") / 1024)) KiB, $(grep -o '<canvas id="chart-' "$HTML" | wc -l) charts)"
