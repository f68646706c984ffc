#!/usr/bin/env bash
# Delivery render with dialogue processing against ffmpeg doing the same job, on the same files,
# in one run: four 5.1 48 kHz 24-bit stems of a reel and a dialogue track made of the real lines
# in ../shared/data/speech, rendered to four stem files plus the full mix.
#   cuesmith  `cuesmith render` (detected speech, anticipatory per-stem ducks, dialogue-band cut,
#             loudness and true peak of all five files)
#   ffmpeg    per stem: sidechaincompress keyed by the dialogue, then equalizer (-6 dB, 3 octaves
#             at 707 Hz), asplit to its file, amix=normalize=0 to the mix
#   copy      the I/O bound: the same bytes read and written (and made durable: copy+sync)
# Then both tools' quality on the same metrics (bench/DialogueMetrics.cpp): dialogue-band
# improvement during speech and loudness change more than 1 s from it, each against its own
# undipped mix.
# Usage: bench/dialogue_render_vs_ffmpeg.sh [MINUTES] [SCRATCH_DIR]   (build first: scripts/build release)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
minutes=${1:-10}
scratch=${2:-/tmp/cuesmith-dialogue-bench}
cuesmith=$root/build/release/src/cuesmith
metrics=$root/build/release/bench/cuesmith_dialogue_metrics
speech=$root/../shared/data/speech
mkdir -p "$scratch"
cd "$scratch"
seconds=$((minutes * 60))
stamp=172972800  # 01:00:00:00 at 23.976

"$root/bench/make_bench_stems.sh" "$minutes"
if [ ! -f "stems-$minutes/dialogue-done" ]; then
  # The dialogue: a 30 s scene of four real lines with pauses, repeated to the reel's length.
  sox -m -R "|sox -n -r 48000 -c 1 -p trim 0 30" \
    "|sox $speech/LJ050-0115.wav -r 48000 -c 1 -p pad 2" \
    "|sox $speech/LJ050-0131.wav -r 48000 -c 1 -p pad 9" \
    "|sox $speech/LJ050-0075.wav -r 48000 -c 1 -p pad 19" \
    "|sox $speech/common_voice_en_17299458.wav -r 48000 -c 1 -p pad 24" scene.wav trim 0 30
  sox -R scene.wav reel.wav repeat $((seconds / 30 - 1)) norm -6
  ffmpeg -nostdin -loglevel error -y -i reel.wav -c:a pcm_s24le -write_bext 1 -metadata time_reference=$stamp \
    "stems-$minutes/dialogue.wav"
  rm scene.wav reel.wav
  touch "stems-$minutes/dialogue-done"
fi
stems=("stems-$minutes"/1M01_Bench_v1_{STR,BRS,PRC,ELX}.wav)
dialogue=stems-$minutes/dialogue.wav

printf 'TITLE: BENCH\nFCM: NON-DROP FRAME\n001  R1 V C 01:00:00:00 01:%02d:00:00 01:00:00:00 01:%02d:00:00\n' \
  "$minutes" "$minutes" > bench.edl
rm -f bench.cuesmith
"$cuesmith" new bench.cuesmith --edl bench.edl --rate 23.976 --dialogue "$dialogue" >/dev/null
"$cuesmith" cue add bench.cuesmith --number 1M01 --stems "${stems[@]}" >/dev/null  # `new` detected the speech

sidechain="[4]pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0,asplit=4[d0][d1][d2][d3]"
for i in 0 1 2 3; do
  sidechain+=";[$i][d$i]sidechaincompress=threshold=0.03:ratio=4:attack=50:release=600,equalizer=f=707:t=o:w=3:g=-6,asplit[s$i][m$i]"
done
graph="$sidechain;[m0][m1][m2][m3]amix=inputs=4:normalize=0[mix]"
inputs="-i ${stems[0]} -i ${stems[1]} -i ${stems[2]} -i ${stems[3]} -i $dialogue"
outputs="-map [s0] -c:a pcm_s24le out-f/STR.wav -map [s1] -c:a pcm_s24le out-f/BRS.wav -map [s2] -c:a pcm_s24le out-f/PRC.wav -map [s3] -c:a pcm_s24le out-f/ELX.wav -map [mix] -c:a pcm_s24le out-f/MIX.wav"

# Each run starts from the same state: its command's last outputs deleted and everything on disk
# (untimed: deleting files that already reached the disk costs the next run otherwise, and only
# the durable writers leave such files).
hyperfine --warmup 1 --runs "${RUNS:-5}" \
  --prepare "rm -rf out-c && sync" --prepare "rm -rf out-f && sync" --prepare "rm -rf out-p && sync" \
  --prepare "rm -rf out-s && sync" --export-json dialogue-render.json \
  -n cuesmith "$cuesmith render bench.cuesmith -o out-c --layout 5.1" \
  -n ffmpeg "mkdir out-f && ffmpeg -nostdin -loglevel error -y $inputs -filter_complex '$graph' $outputs" \
  -n copy "mkdir out-p && cp ${stems[*]} out-p/ && cp ${stems[0]} out-p/MIX.wav" \
  -n copy+sync "mkdir out-s && cp ${stems[*]} out-s/ && cp ${stems[0]} out-s/MIX.wav && sync out-s/*.wav" >/dev/null

# Quality, each tool against its own undipped mix.
rm -rf ref-c ref-f && mkdir ref-f
"$cuesmith" render bench.cuesmith -o ref-c --layout 5.1 --no-duck >/dev/null
ffmpeg -nostdin -loglevel error -y -i "${stems[0]}" -i "${stems[1]}" -i "${stems[2]}" -i "${stems[3]}" \
  -filter_complex "amix=inputs=4:normalize=0" -c:a pcm_s24le ref-f/MIX.wav
quality_c=$("$metrics" ref-c/*_MIX.wav out-c/*_MIX.wav "$dialogue")
quality_f=$("$metrics" ref-f/MIX.wav out-f/MIX.wav "$dialogue")

QC=$quality_c QF=$quality_f python3 - <<'PY'
import json, os
r = {x["command"]: x for x in json.load(open("dialogue-render.json"))["results"]}
med = {k: sorted(v["times"])[len(v["times"]) // 2] for k, v in r.items()}
for k in ("cuesmith", "ffmpeg", "copy", "copy+sync"):
    print(f"{k:9s} median {med[k]:7.2f} s   (user {r[k]['user']:.2f} s, system {r[k]['system']:.2f} s)")
print(f"ffmpeg / cuesmith    = {med['ffmpeg'] / med['cuesmith']:.2f}x   (target >= 5)")
print(f"cuesmith / copy      = {med['cuesmith'] / med['copy']:.2f}x   (target <= 2)")
print(f"cuesmith / copy+sync = {med['cuesmith'] / med['copy+sync']:.2f}x")
qc, qf = json.loads(os.environ["QC"]), json.loads(os.environ["QF"])
print(f"dialogue-band improvement during speech: cuesmith {qc['band_improvement_db']:.2f} dB, ffmpeg {qf['band_improvement_db']:.2f} dB   (target >= 6)")
print(f"loudness change > 1 s from speech:       cuesmith {qc['outside_change_lu']:+.3f} LU, ffmpeg {qf['outside_change_lu']:+.3f} LU   (target < 0.5)")
print(f"fastest level change:                    cuesmith {qc['max_slope_db_per_s']:.1f} dB/s, ffmpeg {qf['max_slope_db_per_s']:.1f} dB/s   (cuesmith's ceiling 10)")
print(f"ducks per spoken phrase (mean, most):    cuesmith {qc['ducks_per_phrase']:.2f}, {qc['most_ducks_in_a_phrase']}; ffmpeg {qf['ducks_per_phrase']:.2f}, {qf['most_ducks_in_a_phrase']}   (target: at most 1)")
PY
