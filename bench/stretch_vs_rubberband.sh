#!/usr/bin/env bash
# Cue stretch against the rubberband tool on the same file, in one run: a 60 s 8-channel 48 kHz
# 24-bit cue (one 8-channel stem) stretched by the same time ratio with the same engine.
#   cuesmith   cuesmith_stretch_driver (stretchCue: study pass + stretch pass, 32-bit float WAV out)
#   rubberband the command-line tool, `--fine` (R3) or `--fast` (R2), `-t` (time ratio, not tempo)
# Target: cuesmith within 10 % of rubberband for each engine.
# Usage: bench/stretch_vs_rubberband.sh [RATIO] [SCRATCH_DIR]   (build first: scripts/build release)
#   DRIVER=path overrides build/release/bench/cuesmith_stretch_driver; RUNS=n (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
ratio=${1:-1.05}
scratch=${2:-/tmp/cuesmith-stretch-bench}
driver=${DRIVER:-$(pwd)/build/release/bench/cuesmith_stretch_driver}
[ -x "$driver" ] || { echo "no driver at $driver (build it, or set DRIVER)" >&2; exit 1; }
mkdir -p "$scratch"
cd "$scratch"

# Input: deterministic and music-like (plucked chord tones, pink noise, a bass, all pulsing at
# 2 Hz so there are onsets to find), 12 dB below full scale so the tool never restarts for clipping.
if [ ! -f cue8.done ]; then
  sox -R -n -r 48000 -b 24 -c 8 cue8.wav \
    synth 60 pluck C3 pluck E3 pluck G3 pinknoise sine 220 sine 330 square 55 sawtooth 110 \
    tremolo 2 80 gain -12
  touch cue8.done
fi

for engine in r3 r2; do
  flag=--fine
  [ "$engine" = r2 ] && flag=--fast
  hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "stretch-$engine.json" \
    -n cuesmith "rm -rf out-c && $driver $ratio $engine out-c cue8.wav 2>/dev/null" \
    -n rubberband "rubberband -q $flag -t$ratio cue8.wav out-rubberband.wav" >/dev/null
done

python3 - "$ratio" <<'PY'
import json, sys
for engine in ("r3", "r2"):
    r = {x["command"]: x for x in json.load(open(f"stretch-{engine}.json"))["results"]}
    med = {k: sorted(v["times"])[len(v["times"]) // 2] for k, v in r.items()}
    print(f"{engine} ratio {sys.argv[1]}: cuesmith median {med['cuesmith']:6.2f} s (user {r['cuesmith']['user']:.2f} s), "
          f"rubberband median {med['rubberband']:6.2f} s (user {r['rubberband']['user']:.2f} s), "
          f"cuesmith / rubberband = {med['cuesmith'] / med['rubberband']:.3f} (user time "
          f"{r['cuesmith']['user'] / r['rubberband']['user']:.3f})   (target <= 1.10)")
PY
