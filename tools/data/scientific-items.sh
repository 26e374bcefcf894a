#!/usr/bin/env bash
# Scientific item text for `genrec embed`: UniSRec's Scientific.text is keyed by ASIN, the split
# files by item index (Scientific.item2index), so this joins them into a TSV (item_index, asin,
# title) keyed like the runs' items. The text is UniSRec's "title categories brand" string.
# Usage: tools/data/scientific-items.sh [OUT.tsv]   (default experiments/tokenize/Scientific_items.tsv)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="$root/../shared/data/unisrec-scientific"
out="${1:-$root/experiments/tokenize/Scientific_items.tsv}"
for f in "$data/Scientific.text" "$data/Scientific.item2index"; do
  [[ -f "$f" ]] || { echo "scientific-items: missing $f (see ../shared/data/README.md)" >&2; exit 2; }
done
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
awk -F'\t' -v OFS='\t' '
  NR == FNR { if (FNR > 1) { text = $2; gsub(/"/, " ", text); byAsin[$1] = text }; next }
  FNR == 1 { print "item_index", "asin", "title" }
  { if (!($1 in byAsin)) { missing++; print "scientific-items: no text for " $1 > "/dev/stderr" }
    print $2, $1, byAsin[$1] }
  END { exit missing > 0 }' "$data/Scientific.text" "$data/Scientific.item2index" > "$tmp"
mv "$tmp" "$out"
echo "wrote $out ($(($(wc -l < "$out") - 1)) items)"
