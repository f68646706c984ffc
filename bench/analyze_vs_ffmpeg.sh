#!/usr/bin/env bash
# Times `cuesmith analyze FILE` against FFmpeg's ebur128 filter (integrated, range and true peak,
# the same measurements) on a 10-minute 5.1 48 kHz 24-bit programme, with hyperfine.
#
#   bench/analyze_vs_ffmpeg.sh build/release/src/cuesmith [work-folder]
#
# The test file (about 520 MB) is generated once into the work folder (default
# /tmp/cuesmith-bench) and reused. Prints both tools' readings of it, then both median times and
# their ratio; hyperfine's full results go to analyze_vs_ffmpeg.json in the work folder.
set -euo pipefail

usage() { echo "usage: $0 path/to/cuesmith [work-folder]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
cuesmith=$1
work=${2:-/tmp/cuesmith-bench}

for tool in sox ffmpeg hyperfine jq; do
    command -v "$tool" >/dev/null || { echo "$0: needs $tool" >&2; exit 1; }
done
[[ -x $cuesmith ]] || { echo "$0: $cuesmith is not an executable (build the release preset first)" >&2; exit 1; }

mkdir -p "$work"
file=$work/programme_5.1_48k_24b_10min.wav
if [[ ! -s $file ]]; then
    echo "generating $file (once)" >&2
    # SMPTE 5.1 (L R C LFE Ls Rs): pink noise in the fronts, a tone in the centre, low brown noise
    # in the LFE, quieter noise in the surrounds; a slow tremolo gives it a loudness range.
    # Written to a temporary name first so an interrupted run never leaves a short file behind.
    sox -D -n -r 48000 -b 24 -c 6 "$file.part.wav" synth 600 \
        pinknoise pinknoise sine 440 brownnoise pinknoise pinknoise \
        remix 1v0.25 2v0.25 3v0.1 4v0.3 5v0.12 6v0.12 tremolo 0.05 60
    mv "$file.part.wav" "$file"
fi

echo "== what each tool reads" >&2
"$cuesmith" analyze "$file" >&2
ffmpeg -nostdin -hide_banner -nostats -i "$file" -af ebur128=peak=true -f null - 2>&1 \
    | sed -n '/Summary:/,$p' | grep -E '^ +(I|LRA|Peak):' >&2

results=$work/analyze_vs_ffmpeg.json
hyperfine --warmup 1 --runs 5 --export-json "$results" \
    -n cuesmith "'$cuesmith' analyze '$file'" \
    -n ffmpeg "ffmpeg -nostdin -hide_banner -nostats -i '$file' -af ebur128=peak=true -f null -"

median() { jq -r --arg name "$1" '.results[] | select(.command == $name) | .median' "$results"; }
ours=$(median cuesmith)
theirs=$(median ffmpeg)
awk -v a="$ours" -v b="$theirs" 'BEGIN {
    printf "cuesmith analyze  median %.2f s\n", a
    printf "ffmpeg ebur128    median %.2f s\n", b
    printf "ratio cuesmith/ffmpeg %.2f (below 1: cuesmith is faster)\n", a / b
}'
