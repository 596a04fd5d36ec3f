#!/usr/bin/perl -pi
# Rewrites old documentation citations to docs/ paths, in place and idempotently (issue 11 §1):
#   model §5.2 → docs/model.md §5.2, instrumentation §3 → docs/instrumentation.md §3, policy-eval §9,
#   experiment-paper2025 §5, model-bilancio2026 §6.4, spec/<doc>.md → docs/<doc>.md, vectors/<file> → test/fixtures/<file>.
# For merging branches written before docs/ existed:
#   perl -pi scripts/rewrite-doc-citations.pl $(git ls-files packages examples tools bench README.md .changeset | grep -E '\.(ts|mjs|md)$' | grep -v test/fixtures/)
#   npx biome check --write <the changed .ts files>; node scripts/check-doc-refs.mjs
BEGIN { $f = $ARGV[0]; }
# spec/<doc>.md paths → docs/<doc>.md
s{(?<![\w/])spec/(model-bilancio2026|model|instrumentation|policy-eval|experiment-paper2025)\.md}{docs/$1.md}g;
# bare "<doc>.md §" → docs/<doc>.md §
s{(?<![\w/.-])(model-bilancio2026|model|instrumentation|policy-eval|experiment-paper2025)\.md(\s*\(?§)}{docs/$1.md$2}g;
# short "<doc> §" → docs/<doc>.md §
s{(?<![\w/.@-])(model-bilancio2026|model|instrumentation|policy-eval|experiment-paper2025)(\s+\(?§)}{docs/$1.md$2}g;
s{(?<![\w/.@-])model (RES-\d+|Appendix [A-Z])}{docs/model.md $1}g;
# vectors → fixtures
s{(?<![\w/])vectors/(kernel-and-examples\.md|stats\.json|paper2025-pairs-sample\.csv|paper2025-run-examples/?|bilancio2026[\w.-]*)}{test/fixtures/$1}g;
s{`vectors/`}{`test/fixtures/`}g;
