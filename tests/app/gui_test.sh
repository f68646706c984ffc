#!/usr/bin/env bash
# Opens the real window under Xvfb on a small session, takes a screenshot with ImageMagick and
# checks that the window is there and draws the timeline (picture, dialogue and music blocks in
# their colours, not a blank frame). The screenshot stays in OUT_DIR for people to look at.
# Then the conformed demo (speech, ducks, dialogue EQ) plays through a JACK server on its dummy
# backend: what the window sends to JACK is recorded with jack_rec, once with ducking on and once
# off over the same range, and the ducked take must be quieter.
# Usage: gui_test.sh CUESMITH_BINARY SHARED_DATA_DIR OUT_DIR [DEMO_SESSION]
# Coordinates: a 1400x820 screen puts the 1360x780 window at (20, 20).
set -euo pipefail
cuesmith=$1
out=$3
demo=${4:-}
screen="-screen 0 1400x820x24"
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"
mkdir -p "$out"

"$here/../cli/make_fixtures.sh" "$out/fx" >/dev/null
"$cuesmith" new "$out/gui.cuesmith" --edl "$out/fx/scene.edl" --rate 23.976 --dialogue "$out/fx/dialogue.wav" >/dev/null
"$cuesmith" cue add "$out/gui.cuesmith" --number 1M01 --stems "$out/fx"/1M01_Arrival_v2_{STR,BRS,PRC}.wav >/dev/null
"$cuesmith" cue add "$out/gui.cuesmith" --number 1M02 --at 01:00:06:00 --stems "$out/fx/1M01_Arrival_v2_STR.wav" >/dev/null
# 1M02 gets bars (120 bpm 4/4: a bar is 96000 samples) and its ending marked, for sync and fit.
"$cuesmith" cue tempo "$out/gui.cuesmith" --cue 1M02 --bpm 120 --meter 4/4 >/dev/null
"$cuesmith" cue marker "$out/gui.cuesmith" --cue 1M02 --name button --at s:264264 >/dev/null

inner=$(cat <<'INNER'
set -euo pipefail
"$CUESMITH" "$SESSION" >"$OUT/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
if ! timeout 30 xdotool search --sync --onlyvisible --name "Cuesmith" >"$OUT/window-id" 2>/dev/null; then
  echo "no Cuesmith window appeared within 30 s"; cat "$OUT/app.log"; exit 1
fi
sleep 2
import -window root "$OUT/window.png"
xdotool getwindowname "$(head -n1 "$OUT/window-id")" > "$OUT/window-name"
# Edits through the window: right-click cue 1M01 and take "Spot 1M01 to start at ..."; right-click
# the dialogue lane where there is no speech and add a second of it, then drag its start edge
# later; turn BRS's duck off in the mixer; sync and fit 1M02; draw STR's volume; save.
xdotool mousemove 500 300 click 1; sleep 0.3
xdotool mousemove 500 300 click 3; sleep 0.8
import -window root "$OUT/menu.png"
xdotool mousemove 540 311 click 1; sleep 0.5
xdotool mousemove 400 250 click 3; sleep 0.8
import -window root "$OUT/speech-menu.png"
xdotool mousemove 440 261 click 1; sleep 0.5
# Drag the added speech's start edge (just left of where it was added) 30 px later.
xdotool mousemove 398 250 sleep 0.2 mousedown 1 sleep 0.2 mousemove 410 250 sleep 0.1 mousemove 428 250 sleep 0.2
import -window root "$OUT/speech-drag.png"
xdotool mouseup 1; sleep 0.5
xdotool mousemove 309 645 click 1; sleep 0.5
# Sync: right-click 1M02 (second music row), "Sync 1M02...", type bar 2.1, pick edit 2 in the
# picture list (the dialog proposes DOOR SLAM, the hit nearest the cue), press Sync.
xdotool mousemove 800 345 click 3; sleep 0.8
xdotool mousemove 560 378 click 1; sleep 1
xdotool mousemove 700 438 click 1; sleep 0.3
xdotool type --delay 80 "2.1"; sleep 0.3
xdotool mousemove 700 487 click 1; sleep 0.8
import -window root "$OUT/sync-dialog.png"
xdotool mousemove 650 635 click 1; sleep 0.8
xdotool mousemove 648 531 click 1; sleep 1
# Fit: 1M02 now starts first, on the first row; right-click it, "Fit 1M02's ending to" > LOOK >
# the first proposal (the submenu of proposals opens to the left).
xdotool mousemove 400 300 click 3; sleep 0.8
xdotool mousemove 480 355 sleep 0.3 mousemove 520 355 sleep 1
xdotool mousemove 720 356 sleep 0.3 mousemove 800 432 sleep 1
import -window root "$OUT/fit-menu.png"
xdotool mousemove 650 432 sleep 0.3 mousemove 400 432 sleep 0.5 click 1; sleep 1
# Volume automation on STR's lane (the first mix lane, rows 382-430 on a fader taper: 0 dB at
# y 388, -12 dB at y 406, -20 dB at y 412): click a point at 0 dB and one at -12 dB 200 px later,
# drag the first 60 px later and 24 px down (to -20 dB), then right-click it and make it smooth.
xdotool mousemove 700 388 click 1; sleep 0.5
xdotool mousemove 900 406 click 1; sleep 0.5
xdotool mousemove 700 388 sleep 0.2 mousedown 1 sleep 0.2 mousemove 720 400 sleep 0.1 mousemove 760 412 sleep 0.3
import -window root "$OUT/volume-drag.png"
xdotool mouseup 1; sleep 0.5
xdotool mousemove 760 412 click 3; sleep 0.8
import -window root "$OUT/volume-menu.png"
xdotool mousemove 410 357 click 1; sleep 0.5
xdotool mousemove 1119 54 click 1; sleep 1
import -window root "$OUT/after-edit.png"
kill $app
wait $app 2>/dev/null || true
INNER
)
CUESMITH=$cuesmith SESSION=$out/gui.cuesmith OUT=$out \
  xvfb-run -a -s "$screen" bash -c "$inner"

# A conformed session: cues the conform left notes on are outlined and listed in the change report.
"$cuesmith" new "$out/v1.cuesmith" --edl "$out/fx/scene.edl" --rate 23.976 >/dev/null
"$cuesmith" cue add "$out/v1.cuesmith" --number 1M05 --at 01:00:00:12 --stems "$out/fx/1M01_Arrival_v2_STR.wav" >/dev/null
"$cuesmith" conform "$out/v1.cuesmith" --to "$out/fx/scene_v2.edl" -o "$out/v2.cuesmith" >/dev/null
CUESMITH=$cuesmith SESSION=$out/v2.cuesmith OUT=$out xvfb-run -a -s "$screen" bash -c '
"$CUESMITH" "$SESSION" >"$OUT/app2.log" 2>&1 & app=$!
timeout 30 xdotool search --sync --onlyvisible --name Cuesmith >/dev/null || { cat "$OUT/app2.log"; exit 1; }
sleep 2
import -window root "$OUT/conformed.png"
kill $app'
attention=$(convert "$out/conformed.png" -format %c histogram:info:- | grep -i "#FF9F1C" | awk -F: '{s+=$1} END {print s+0}')
[ "$attention" -ge 200 ] || { echo "FAIL: no attention marks or change report in the conformed session ($attention px)"; exit 1; }

fail() { echo "FAIL: $*"; exit 1; }
[ -s "$out/window.png" ] || fail "no screenshot"
grep -q "Cuesmith" "$out/window-name" || fail "window title is '$(cat "$out/window-name")'"
colours=$(convert "$out/window.png" -format %k info:)
[ "$colours" -gt 50 ] || fail "screenshot has only $colours colours: blank?"
histogram=$(convert "$out/window.png" -format %c histogram:info:-)
# Blocks are large areas; the marker is a small flag and its label.
for check in "picture:3D5A80:5000" "dialogue:4F8A5B:5000" "music:8A5FA8:5000" "marker:E0463C:30"; do
  IFS=: read -r name colour minimum <<<"$check"
  pixels=$(echo "$histogram" | grep -i "#$colour" | awk -F: '{s+=$1} END {print s+0}')
  [ "$pixels" -ge "$minimum" ] || fail "$name (#$colour) not drawn: $pixels pixels, expected >= $minimum"
done
# The edits were saved: 1M01 moved from 01:00:02:00 to a whole frame under the pointer; one second
# of speech added by hand on a frame, its start then dragged whole frames later; BRS no longer ducks;
# 1M02 synced by a bar to an edit point and fitted to a hit.
python3 - "$out/gui.cuesmith" <<'PY' || fail "an edit made in the window was not saved"
import json, sys
session = json.load(open(sys.argv[1]))
cue = [c for c in session["cues"] if c["number"] == "1M01"][0]
moved = cue["start_sample"] != 173068896 and cue["start_sample"] % 2002 == 0 and cue["start_sample"] > 173068896
print("1M01 now starts at sample", cue["start_sample"])
edits = session.get("speech_edits", [])
print("speech edits:", edits)
added = len(edits) >= 1 and edits[0]["kind"] == "add" and edits[0]["end"] - edits[0]["start"] == 48000 and edits[0]["start"] % 2002 == 0
# The drag: the added region replaced by one starting whole frames later, same end.
dragged = (len(edits) == 3 and edits[1]["kind"] == "remove" and edits[2]["kind"] == "add"
           and edits[2]["end"] == edits[0]["end"] and edits[2]["start"] > edits[0]["start"]
           and (edits[2]["start"] - edits[0]["start"]) % 2002 == 0)
print("start edge dragged:", dragged)
brs = [b for b in session["buses"] if b["name"] == "BRS"][0]
print("BRS duck:", brs["duck"])
sys.exit(0 if moved and added and dragged and brs["duck"]["enabled"] is False else 1)
PY
python3 - "$out/gui.cuesmith" <<'PY' || fail "the sync or fit made in the window is not in the saved session"
import json, sys
session = json.load(open(sys.argv[1]))
# Sync: bar 2.1 of 1M02 (sample 96000 of the cue) on edit 2 (01:00:04:12, frame 86508 of 2002
# samples), to the sample.
m02 = [c for c in session["cues"] if c["number"] == "1M02"][0]
synced = m02["start_sample"] == 86508 * 2002 - 96000
print("1M02 starts at sample", m02["start_sample"], "synced:", synced)
# Fit: the segment that plays the ending (marker button, sample 264264 of the cue) puts it on LOOK
# (01:00:12:00, frame 86688) within a frame, through edits (more than one segment).
segments = m02["segments"]
plays = [s["timeline_start"] + 264264 - s["source_start"] for s in segments
         if s["source_start"] <= 264264 < s["source_start"] + s["length"]]
look = 86688 * 2002
fitted = len(segments) >= 2 and len(plays) >= 1 and abs(plays[-1] - look) <= 2002
print("1M02 segments:", [(s["source_start"], s["length"], s["timeline_start"]) for s in segments])
print("1M02 ending plays at", plays, "LOOK at", look, "fitted:", fitted)
sys.exit(0 if synced and fitted else 1)
PY
python3 - "$out/gui.cuesmith" <<'PY' || fail "the volume points drawn in the window are not in the saved session"
import json, sys
session = json.load(open(sys.argv[1]))
volume = [b for b in session["buses"] if b["name"] == "STR"][0]["volume"]
print("STR volume points:", volume)
ok = len(volume) == 2 and all(p["sample"] % 2002 == 0 for p in volume)  # on frames
# The dragged point: 24 px down from 0 dB (half the lane's 48 rows) is -20 dB on the taper; it
# curves smoothly on. The other stays where it was clicked.
ok = ok and volume[0]["db"] == -20.0 and volume[0]["curve"] == "smooth"
ok = ok and abs(volume[1]["db"] + 12.0) <= 1.0 and volume[1]["curve"] == "linear"
# 140 px apart after the drag (200 px before it), at the zoom where DOOR SLAM (x 661) and LOOK
# (x 1091) are 264264 samples apart; within two frames and a pixel.
gap = volume[1]["sample"] - volume[0]["sample"] if len(volume) == 2 else 0
expected = 140 * 264264 / 430
print("gap", gap, "expected about", round(expected))
sys.exit(0 if ok and abs(gap - expected) <= 2 * 2002 + 615 else 1)
PY
passed=5

if [ -n "$demo" ]; then
  # Playback: locate to 01:00:05 on the ruler, play 3 s with ducking on and record what reaches
  # JACK; again with ducking off. Speech runs from about 01:00:06 in the demo.
  export JACK_DEFAULT_SERVER="cuesmith-gui-$$"
  CUESMITH=$cuesmith SESSION=$demo OUT=$out xvfb-run -a -s "$screen" bash -c '
  set -euo pipefail
  jackd --no-realtime -n "$JACK_DEFAULT_SERVER" -d dummy -r 48000 -p 512 >"$OUT/jack.log" 2>&1 & jack=$!
  trap "kill \$jack 2>/dev/null || true" EXIT
  jack_wait -w -t 10 >/dev/null 2>&1 || { echo "JACK did not start"; cat "$OUT/jack.log"; exit 1; }
  CUESMITH_AUDIO_TYPE=JACK "$CUESMITH" "$SESSION" >"$OUT/app3.log" 2>&1 & app=$!
  timeout 30 xdotool search --sync --onlyvisible --name Cuesmith >/dev/null || { cat "$OUT/app3.log"; exit 1; }
  sleep 3
  import -window root "$OUT/demo.png"
  take() {  # $1: output file
    xdotool mousemove 262 128 click 1; sleep 0.5      # locate on the ruler
    xdotool mousemove 68 97 click 1                   # Play
    jack_rec -f "$1" -d 3 -b 16 JUCEJack:out_1 JUCEJack:out_2 >/dev/null 2>&1
    xdotool mousemove 68 97 click 1; sleep 0.5        # Stop
  }
  take "$OUT/ducked.wav"
  xdotool mousemove 68 97 click 1; sleep 1.2
  import -window root "$OUT/playing.png"
  xdotool mousemove 68 97 click 1; sleep 0.3
  xdotool mousemove 182 97 click 1; sleep 0.3         # Ducking: OFF
  take "$OUT/undipped.wav"
  kill $app; wait $app 2>/dev/null || true'

  histogram=$(convert "$out/demo.png" -format %c histogram:info:-)
  for check in "speech regions:C8E86B:300" "duck curves:FFC857:500" "EQ depth:3FB8C8:1000"; do
    IFS=: read -r name colour minimum <<<"$check"
    pixels=$(echo "$histogram" | grep -i "#$colour" | awk -F: '{s+=$1} END {print s+0}')
    [ "$pixels" -ge "$minimum" ] || fail "$name (#$colour) not drawn: $pixels pixels, expected >= $minimum"
  done
  meter=$(convert "$out/playing.png" -crop 180x20+412+87 -format %c histogram:info:- | grep -iE "#(4CC35A|E8CF3A|E0463C)" | awk -F: '{s+=$1} END {print s+0}')
  [ "$meter" -ge 200 ] || fail "the level meter shows nothing while playing ($meter px)"
  rms() { sox "$1" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}'; }
  on=$(rms "$out/ducked.wav"); off=$(rms "$out/undipped.wav")
  python3 - "$on" "$off" <<'PY' || fail "playback with ducking on/off: RMS $on / $off"
import math, sys
on, off = float(sys.argv[1]), float(sys.argv[2])
print(f"played through JACK: RMS ducked {20*math.log10(max(on,1e-9)):.2f} dBFS, undipped {20*math.log10(max(off,1e-9)):.2f} dBFS")
sys.exit(0 if on > 0.003 and off > on * 10 ** (1.0 / 20) else 1)
PY
  passed=$((passed + 3))
fi

echo "window '$(cat "$out/window-name")' drawn with $colours colours; screenshots in $out"
echo "$passed passed, 0 failed"
