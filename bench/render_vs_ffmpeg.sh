#!/usr/bin/env bash
# Delivery render against its peers on the same files, in one run: four 5.1 48 kHz 24-bit stems
# of a reel, rendered to four stem files plus the full mix.
#   cuesmith  `cuesmith render` (mix, write BWF, measure loudness/true peak of all five files)
#   ffmpeg    the equivalent filter graph: asplit each stem to a file, amix=normalize=0 to the mix
#   copy      the I/O bound: cp the four stems and one more copy (the same bytes read and written)
#   copy+sync the same, made durable as the render makes its files (fsync before they are named)
# Usage: bench/render_vs_ffmpeg.sh [MINUTES] [SCRATCH_DIR]   (build first: scripts/build release)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
minutes=${1:-10}
scratch=${2:-/tmp/cuesmith-render-bench}
cuesmith=$(pwd)/build/release/src/cuesmith
mkdir -p "$scratch"
cd "$scratch"
seconds=$((minutes * 60))

# Inputs: deterministic, music-like (tones and filtered noise per stem), made once.
"$root/bench/make_bench_stems.sh" "$minutes"
stems=("stems-$minutes"/1M01_Bench_v1_{STR,BRS,PRC,ELX}.wav)

# The session: one cue of four 5.1 stems at 01:00:00:00, no cut (renders the cue's extent).
printf 'TITLE: BENCH\nFCM: NON-DROP FRAME\n001  R1 V C 01:00:00:00 01:%02d:00:00 01:00:00:00 01:%02d:00:00\n' \
  "$minutes" "$minutes" > bench.edl
rm -f bench.cuesmith
"$cuesmith" new bench.cuesmith --edl bench.edl --rate 24 >/dev/null
"$cuesmith" cue add bench.cuesmith --number 1M01 --stems "${stems[@]}" >/dev/null

ffmpeg_graph="[0]asplit[s0][m0];[1]asplit[s1][m1];[2]asplit[s2][m2];[3]asplit[s3][m3];[m0][m1][m2][m3]amix=inputs=4:normalize=0[mix]"
# Each run starts from the same state: its command's last outputs deleted and everything on disk
# (untimed: deleting files that already reached the disk costs the next run otherwise, and only
# the durable writers leave such files).
hyperfine --warmup 1 --runs "${RUNS:-5}" \
  --prepare "rm -rf out-c && sync" --prepare "rm -rf out-f && sync" --prepare "rm -rf out-p && sync" \
  --prepare "rm -rf out-s && sync" --export-json render.json \
  -n cuesmith "$cuesmith render bench.cuesmith -o out-c --layout 5.1" \
  -n ffmpeg "mkdir out-f && ffmpeg -nostdin -loglevel error -y -i ${stems[0]} -i ${stems[1]} -i ${stems[2]} -i ${stems[3]} -filter_complex '$ffmpeg_graph' -map '[s0]' -c:a pcm_s24le out-f/STR.wav -map '[s1]' -c:a pcm_s24le out-f/BRS.wav -map '[s2]' -c:a pcm_s24le out-f/PRC.wav -map '[s3]' -c:a pcm_s24le out-f/ELX.wav -map '[mix]' -c:a pcm_s24le out-f/MIX.wav" \
  -n copy "mkdir out-p && cp ${stems[*]} out-p/ && cp ${stems[0]} out-p/MIX.wav" \
  -n copy+sync "mkdir out-s && cp ${stems[*]} out-s/ && cp ${stems[0]} out-s/MIX.wav && sync out-s/*.wav" >/dev/null

python3 - <<'PY'
import json
r = {x["command"]: x for x in json.load(open("render.json"))["results"]}
med = {k: sorted(v["times"])[len(v["times"]) // 2] for k, v in r.items()}
for k in ("cuesmith", "ffmpeg", "copy", "copy+sync"):
    print(f"{k:9s} median {med[k]:7.2f} s   (user {r[k]['user']:.2f} s, system {r[k]['system']:.2f} s)")
print(f"ffmpeg / cuesmith = {med['ffmpeg'] / med['cuesmith']:.2f}x   (target >= 2)")
print(f"cuesmith / copy   = {med['cuesmith'] / med['copy']:.2f}x   (target <= 1.5)")
print(f"cuesmith / copy+sync = {med['cuesmith'] / med['copy+sync']:.2f}x")
PY
