#!/usr/bin/env bash
# The render benchmarks' inputs, made once in the current folder: four deterministic, music-like
# 5.1 48 kHz 24-bit stems (tones and filtered noise) of MINUTES minutes in stems-MINUTES/, stamped
# at 01:00:00:00 at 23.976 (TimeReference 172 972 800).
# Usage: make_bench_stems.sh MINUTES
set -euo pipefail
minutes=$1
seconds=$((minutes * 60))
[ -f "stems-$minutes/stems-done" ] && exit 0
mkdir -p "stems-$minutes"
i=0
for stem in STR BRS PRC ELX; do
  i=$((i + 1))
  sox -R -n -r 48000 -b 24 -c 6 "stems-$minutes/${stem}.wav" \
    synth "$seconds" sine $((110 * i)) sine $((165 * i)) pinknoise sine 55 sine $((220 * i)) sine $((330 * i)) \
    gain -12
  ffmpeg -nostdin -loglevel error -y -i "stems-$minutes/${stem}.wav" -c:a pcm_s24le -write_bext 1 \
    -metadata time_reference=172972800 "stems-$minutes/1M01_Bench_v1_${stem}.wav"
  rm "stems-$minutes/${stem}.wav"
done
touch "stems-$minutes/stems-done"
