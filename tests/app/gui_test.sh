#!/usr/bin/env bash
# Opens the real window under Xvfb on a small session, takes a screenshot with ImageMagick and
# checks that the window is there and draws the timeline (picture, dialogue and music blocks in
# their colours, not a blank frame). The screenshot stays in OUT_DIR for people to look at.
# Usage: gui_test.sh CUESMITH_BINARY SHARED_DATA_DIR OUT_DIR
set -euo pipefail
cuesmith=$1
out=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"
mkdir -p "$out"

"$here/../cli/make_fixtures.sh" "$out/fx" >/dev/null
"$cuesmith" new "$out/gui.cuesmith" --edl "$out/fx/scene.edl" --rate 23.976 --dialogue "$out/fx/dialogue.wav" >/dev/null
"$cuesmith" cue add "$out/gui.cuesmith" --number 1M01 --stems "$out/fx"/1M01_Arrival_v2_{STR,BRS,PRC}.wav >/dev/null
"$cuesmith" cue add "$out/gui.cuesmith" --number 1M02 --at 01:00:06:00 --stems "$out/fx/1M01_Arrival_v2_STR.wav" >/dev/null

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
# An edit through the window: right-click cue 1M01, take "Spot 1M01 to start at ...", save.
xdotool mousemove 500 325 click 1; sleep 0.3
xdotool mousemove 500 325 click 3; sleep 0.8
import -window root "$OUT/menu.png"
xdotool mousemove 540 336 click 1; sleep 0.5
xdotool mousemove 1079 113 click 1; sleep 1
import -window root "$OUT/after-edit.png"
kill $app
wait $app 2>/dev/null || true
INNER
)
CUESMITH=$cuesmith SESSION=$out/gui.cuesmith OUT=$out \
  xvfb-run -a -s "-screen 0 1400x800x24" bash -c "$inner"

# A conformed session: cues the conform left notes on are outlined and listed in the change report.
"$cuesmith" new "$out/v1.cuesmith" --edl "$out/fx/scene.edl" --rate 23.976 >/dev/null
"$cuesmith" cue add "$out/v1.cuesmith" --number 1M05 --at 01:00:00:12 --stems "$out/fx/1M01_Arrival_v2_STR.wav" >/dev/null
"$cuesmith" conform "$out/v1.cuesmith" --to "$out/fx/scene_v2.edl" -o "$out/v2.cuesmith" >/dev/null
CUESMITH=$cuesmith SESSION=$out/v2.cuesmith OUT=$out xvfb-run -a -s "-screen 0 1400x800x24" bash -c '
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
# The spot edit was saved: 1M01 moved from 01:00:02:00 to a whole frame under the pointer.
python3 - "$out/gui.cuesmith" <<'PY' || fail "the spot made in the window was not saved"
import json, sys
cue = [c for c in json.load(open(sys.argv[1]))["cues"] if c["number"] == "1M01"][0]
moved = cue["start_sample"] != 173068896 and cue["start_sample"] % 2002 == 0 and cue["start_sample"] > 173068896
print("1M01 now starts at sample", cue["start_sample"])
sys.exit(0 if moved else 1)
PY
echo "window '$(cat "$out/window-name")' drawn with $colours colours; screenshots in $out"
echo "3 passed, 0 failed"
