#!/usr/bin/env bash
# Sports_and_Outdoors item text for `genrec embed`: the only Sports text in ../shared/data is
# IDGenRec's short title-derived phrase per ASIN, so this joins it to the S3-Rec item ids through
# the item map and writes a TSV (s3rec_item_id, asin, title) that the metadata loader reads.
# Usage: tools/data/sports-items.sh [OUT.tsv]   (default experiments/tokenize/Sports_items.tsv)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="$root/../shared/data"
map="$data/amazon2014-s3rec/derived/Sports_and_Outdoors_item_map.tsv"
phrases="$data/amazon2014-idgenrec-lexical-ids/Sports/item_generative_indexing_phase_0.txt"
out="${1:-$root/experiments/tokenize/Sports_items.tsv}"
for f in "$map" "$phrases"; do
  [[ -f "$f" ]] || { echo "sports-items: missing $f (see ../shared/data/README.md)" >&2; exit 2; }
done
mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
# Phrases are "ASIN word word ..."; a tab or quote inside one would break the TSV, so both are dropped.
awk -F'\t' -v OFS='\t' '
  NR == FNR { asin = $0; sub(/ .*/, "", asin); text = $0; sub(/^[^ ]* ?/, "", text);
              gsub(/[\t"]/, " ", text); phrase[asin] = text; next }
  FNR == 1 { print "s3rec_item_id", "asin", "title"; next }
  { if (!($2 in phrase)) { missing++; print "sports-items: no phrase for " $2 " (line " FNR " of " FILENAME ")" > "/dev/stderr" }
    print $1, $2, phrase[$2] }
  END { exit missing > 0 }' "$phrases" "$map" > "$tmp"
mv "$tmp" "$out"
echo "wrote $out ($(($(wc -l < "$out") - 1)) items)"
