#!/usr/bin/env bash
# Builds the demo's sessions in FOLDER with CUESMITH: generates the media (once), makes the cut-v1
# session with its cues and tempi, finds the speech in its dialogue, and re-conforms it to cut v2.
# Shared by scripts/demo and the tests that run on the demo. Rebuilds only what is out of date.
# Usage: build_session.sh CUESMITH FOLDER
set -euo pipefail
cuesmith=$(realpath "$1")
folder=$2
here=$(cd "$(dirname "$0")" && pwd)

python3 "$here/make_demo.py" "$folder"
cd "$folder"

session=scene.cuesmith
if [ ! -f "$session" ] || [ manifest.json -nt "$session" ] || [ "$cuesmith" -nt "$session" ]; then
  read -r rate edl movie dialogue < <(python3 -c '
import json; m = json.load(open("manifest.json"))
print(m["rate"], m["edls"][0], m["movie"], m["dialogue"])')
  # `new` detects the dialogue's lines at once, so renders duck and carve the band under them.
  "$cuesmith" new "$session" --force --rate "$rate" --edl "$edl" --movie "$movie" --dialogue "$dialogue"
  python3 -c '
import json; m = json.load(open("manifest.json"))
for c in m["cues"]:
    print("\t".join([c["number"], c["title"], str(c["tempo_bpm"]), c["meter"]] + c["stems"]))' |
  while IFS=$'\t' read -r number title bpm meter stems; do
    # shellcheck disable=SC2086
    "$cuesmith" cue add "$session" --number "$number" --title "$title" --stems $stems
    "$cuesmith" cue tempo "$session" --cue "$number" --bpm "$bpm" --meter "$meter" >/dev/null
  done
fi

# Re-conform the cues from cut v1 to cut v2 (a new session; v1's stays as it was).
conformed=scene_v2.cuesmith
if [ ! -f "$conformed" ] || [ "$session" -nt "$conformed" ]; then
  "$cuesmith" conform "$session" --to scene_v2.edl -o "$conformed" --force --report conform-report.json
fi
