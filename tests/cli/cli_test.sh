#!/usr/bin/env bash
# End-to-end test of the `cuesmith` command line on real EDLs and generated media.
# Usage: cli_test.sh CUESMITH_BINARY SHARED_DATA_DIR
set -uo pipefail
cuesmith=$1
shared=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_ok NAME CMD...: exit 0
expect_ok() {
  local name=$1; shift
  if "$@" >"$work/out" 2>"$work/err"; then pass; else fail "$name: exit $? ($(head -c 300 "$work/err"))"; fi
}

# expect_error NAME PATTERN CMD...: non-zero exit, exactly one line on stderr matching PATTERN
expect_error() {
  local name=$1 pattern=$2; shift 2
  if "$@" >"$work/out" 2>"$work/err"; then fail "$name: succeeded but should fail"; return; fi
  local lines; lines=$(grep -c '' "$work/err")
  if [ "$lines" != 1 ]; then fail "$name: $lines lines on stderr: $(cat "$work/err")"; return; fi
  if grep -qE -e "$pattern" "$work/err"; then pass; else fail "$name: stderr '$(cat "$work/err")' lacks /$pattern/"; fi
}

# check_json NAME PYTHON_EXPR: evaluates the expression with `j` = JSON of the last stdout
check_json() {
  local name=$1 expr=$2
  if python3 -c "import json,sys; j=json.load(open('$work/out')); sys.exit(0 if ($expr) else 1)"; then pass
  else fail "$name: JSON check failed: $expr"; fi
}

"$here/make_fixtures.sh" "$work/fx" || { echo "fixtures failed"; exit 1; }
fx=$work/fx

# --- help and errors --------------------------------------------------------------------------
expect_ok "help" "$cuesmith" --help
grep -q "edl" "$work/out" && grep -q "info" "$work/out" && pass || fail "help lists subcommands"
for sub in "edl show" "new" "cut add" "info" "cue add" "cue spot" "cue sync" "cue tempo" "cue marker" "render" "fit" "edl diff" "conform" "analyze" "mix" "duck" "dialogue add" "dialogue remove" "dialogue nudge"; do
  # shellcheck disable=SC2086
  expect_ok "help $sub" "$cuesmith" $sub --help
done
expect_error "unknown option" "cuesmith: " "$cuesmith" info --bogus x
expect_error "missing edl" "no-such\.edl" "$cuesmith" edl show "$work/no-such.edl"
expect_error "bad rate" "unknown frame rate '23\.9'" "$cuesmith" edl show "$fx/scene.edl" --rate 23.9

# The window without a display is a one-line refusal, never a crash.
expect_error "window without a display" "no display|no window" env -u DISPLAY "$cuesmith" "$fx/scene.edl"

# --- edl show on every real EDL ------------------------------------------------------------------
for edl in "$shared"/edl/otio/*.edl; do
  expect_ok "edl show $(basename "$edl")" "$cuesmith" edl show "$edl"
  expect_ok "edl show --json $(basename "$edl")" "$cuesmith" edl show --json "$edl"
  check_json "json shape $(basename "$edl")" \
    "set(j) >= {'title','rate','drop_frame','events','markers','warnings'} and all(set(e) >= {'number','reel','channels','transition','transition_frames','source_in','source_out','record_in','record_out','record_in_frame','record_out_frame','clip_name','speed'} for e in j['events'])"
done

expect_ok "edl show fixture" "$cuesmith" edl show --json --rate 23.976 "$fx/scene.edl"
check_json "fixture events" "len(j['events']) == 3 and j['rate'] == '23.976' and j['drop_frame'] == False"
check_json "fixture record frames" "j['events'][0]['record_in_frame'] == 86400 and j['events'][2]['record_out_frame'] == 86400 + 15*24 + 5"
check_json "fixture clip and marker" "j['events'][0]['clip_name'] == 'A001C003_230911_R1AB.MOV' and j['markers'][0] == {'timecode':'01:00:06:12','frame':86400+6*24+12,'color':'RED','name':'DOOR SLAM'}"

# Default rate is 24 with a warning when frame fields do not fit.
printf 'TITLE: T\nFCM: NON-DROP FRAME\n001  AX V C 01:00:00:00 01:00:01:29 01:00:00:00 01:00:01:29\n' > "$work/thirty.edl"
expect_ok "30 fps fields at default rate" "$cuesmith" edl show --json "$work/thirty.edl"
check_json "warns about the rate" "len(j['warnings']) >= 1"
expect_ok "strict on good list" "$cuesmith" edl show --strict "$fx/scene.edl"
printf 'TITLE: T\n001  AX V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\nthis is not an event\n' > "$work/junk.edl"
expect_ok "lenient on junk line" "$cuesmith" edl show --json "$work/junk.edl"
check_json "junk line warned with its number" "any(w['line'] == 3 for w in j['warnings']) and len(j['events']) == 1"
expect_error "strict on junk line" "junk\.edl:3" "$cuesmith" edl show --strict "$work/junk.edl"

# --- session: new, cut add, cue add, info ------------------------------------------------------
s=$work/proj/scene.cuesmith
mkdir -p "$work/proj"
expect_ok "new" "$cuesmith" new "$s" --edl "$fx/scene.edl" --rate 23.976 --movie "$fx/movie.mp4" --dialogue "$fx/dialogue.wav"
expect_error "new refuses to overwrite" "already exists" "$cuesmith" new "$s" --edl "$fx/scene.edl"
expect_ok "info" "$cuesmith" info "$s"
grep -q "FIXTURE SCENE" "$work/out" && pass || fail "info names the project"
expect_ok "info --json" "$cuesmith" info --json "$s"
check_json "picture start" "j['picture_start'] == '01:00:00:00' and j['picture_start_sample'] == 172972800 and j['frame_rate'] == '23.976'"
check_json "picture length" "j['picture_length_samples'] == (15*24+5) * 2002"
check_json "movie at its timecode" "j['movie']['start'] == '01:00:00:00' and j['movie']['has_audio'] == True"
check_json "dialogue at its BWF stamp" "j['dialogue'][0]['start_sample'] == 172972800 and j['dialogue'][0]['length_samples'] == 12*48000"

expect_ok "cut add" "$cuesmith" cut add "$s" "$fx/scene_v2.edl"
expect_error "cut add same name" "already has a cut version named v2" "$cuesmith" cut add "$s" "$fx/scene_v2.edl" --name v2
expect_ok "cue add" "$cuesmith" cue add "$s" --number 1M01 --stems "$fx"/1M01_Arrival_v2_{STR,BRS,PRC}.wav
expect_ok "cue add at" "$cuesmith" cue add "$s" --number 1M01A --title "Arrival alt" --at 01:00:10:00 --stems "$fx/1M01_Arrival_v2_STR.wav"
expect_ok "info after edits" "$cuesmith" info --json "$s"
check_json "two cuts, v2 current" "[c['name'] for c in j['cuts']] == ['v1','v2'] and j['current_cut'] == 'v2'"
check_json "cue at its BWF stamp" "j['cues'][0]['number'] == '1M01' and j['cues'][0]['start'] == '01:00:02:00' and j['cues'][0]['start_sample'] == 173068896 and j['cues'][0]['length_samples'] == 8*48000"
check_json "cue stems named by convention" "[x['name'] for x in j['cues'][0]['stems']] == ['STR','BRS','PRC'] and j['cues'][0]['title'] == 'Arrival' and j['cues'][0]['version'] == 'v2'"
check_json "cue spotted with --at" "j['cues'][1]['start'] == '01:00:10:00' and j['cues'][1]['title'] == 'Arrival alt'"
check_json "buses from stems" "[b['name'] for b in j['buses']] == ['STR','BRS','PRC']"

# Placement: tempo, markers, spot and sync, exact to the sample.
expect_ok "cue tempo" "$cuesmith" cue tempo "$s" --cue 1M01 --bpm 120 --meter 4/4
expect_ok "cue marker" "$cuesmith" cue marker "$s" --cue 1M01 --name STING --at 3.1
expect_ok "cue sync to marker" "$cuesmith" cue sync "$s" --cue 1M01 --point STING --to "DOOR SLAM"
expect_ok "info after sync" "$cuesmith" info --json "$s"
# STING = bar 3 beat 1 = 8 beats at 120 bpm = 192000 samples; in cut v2 DOOR SLAM is 01:00:10:12.
check_json "sync lands the bar on the hit" "j['cues'][0]['start_sample'] + 192000 == (86400 + 10*24 + 12) * 2002"
expect_ok "cue spot at edit point" "$cuesmith" cue spot "$s" --cue 1M01 --at cut:2
expect_ok "info after spot" "$cuesmith" info --json "$s"
check_json "spot at the second edit of cut v2" "j['cues'][0]['start'] == '01:00:03:12'"
expect_error "sync to unknown hit" "neither a timecode" "$cuesmith" cue sync "$s" --cue 1M01 --point 1.1 --to "NO SUCH HIT"
expect_error "bar past the cue" "outside the cue" "$cuesmith" cue sync "$s" --cue 1M01 --point 99.1 --to "DOOR SLAM"
expect_error "absurd tempo" "outside 20-400" "$cuesmith" cue tempo "$s" --cue 1M01 --bpm 0
expect_error "tempo of unknown cue" "no cue 9M99" "$cuesmith" cue tempo "$s" --cue 9M99 --bpm 100
# A tempo list, bar=bpm: bar 1 at 120 (2 s), bar 2 at 60 (4 s), so bar 3 starts 6 s in.
expect_ok "cue tempo list" "$cuesmith" cue tempo "$s" --cue 1M01A --tempo-list 1=120,2=60
expect_ok "sync bar 3 of a tempo list" "$cuesmith" cue sync "$s" --cue 1M01A --point 3.1 --to 01:00:20:00
expect_ok "info after tempo list" "$cuesmith" info --json "$s"
check_json "tempo list places bar 3" "[c for c in j['cues'] if c['number'] == '1M01A'][0]['start_sample'] + 6 * 48000 == (86400 + 20*24) * 2002"
expect_error "bad tempo list" "not a list like 1=96,17=120" "$cuesmith" cue tempo "$s" --cue 1M01A --tempo-list 1:120
expect_error "tempo list not from bar 1" "must start at beat 0" "$cuesmith" cue tempo "$s" --cue 1M01A --tempo-list 2=120

# Fitting: 1M01 now starts at 01:00:03:12 (sample 173140968); at 120 bpm its last bar line
# (the ending) is 288000 samples in. A hit one bar earlier lands by cutting a bar.
expect_ok "fit proposals" "$cuesmith" fit "$s" --cue 1M01 --to-hit 01:00:07:12 --allow cut --json
check_json "fit proposes a one-bar cut" "j['proposals'][0]['kind'] == 'cut' and j['proposals'][0]['to_sample'] - j['proposals'][0]['from_sample'] == 96000 and j['ending_sample'] == 288000"
# --allow trim means both ways of ending early: the cut to the ending first, the tail fade after it.
expect_ok "fit allow trim" "$cuesmith" fit "$s" --cue 1M01 --to-hit 01:00:07:12 --allow trim --json
check_json "trim offers the cut, then the fade" "[p['kind'] for p in j['proposals']][0] == 'cut' and j['proposals'][-1]['kind'] == 'trim' and j['proposals'][-1]['tail_fade_samples'] == 96000"
expect_ok "fit apply cut" "$cuesmith" fit "$s" --cue 1M01 --to-hit 01:00:07:12 --allow cut --apply 1 -o "$work/proj/fitted.cuesmith"
python3 -c "
import json,sys; j=json.load(open('$work/proj/fitted.cuesmith')); c=[c for c in j['cues'] if c['number']=='1M01'][0]
seg=c['segments']; end=288000
last=[x for x in seg if x['source_start'] <= end < x['source_start']+x['length']][-1]
lands=last['timeline_start'] + end - last['source_start']
sys.exit(0 if len(seg)==2 and abs(lands - (86400+7*24+12)*2002) <= 1001 else 1)" && pass || fail "fitted ending lands on the hit within a frame"
expect_ok "fit cut on zero crossings" "$cuesmith" fit "$s" --cue 1M01 --to-hit 01:00:07:12 --allow cut --apply 1 --snap zero-crossing -o "$work/proj/zc.cuesmith"
grep -q "splice moved to zero crossings" "$work/out" && pass || fail "zero-crossing snap reported"
expect_ok "fit with an s-curve crossfade" "$cuesmith" fit "$s" --cue 1M01 --to-hit 01:00:07:12 --allow cut --apply 1 --crossfade-shape s-curve -o "$work/proj/scurve.cuesmith"
python3 -c "
import json,sys
seg=[c for c in json.load(open('$work/proj/scurve.cuesmith'))['cues'] if c['number']=='1M01'][0]['segments']
sys.exit(0 if len(seg)==2 and seg[0]['fade_out_shape']=='s-curve' and seg[1]['fade_in_shape']=='s-curve' else 1)" && pass || fail "the splice's crossfade is an s-curve on both sides"
expect_error "fit bad crossfade shape" "crossfade-shape 'log' is not linear, equal-power, s-curve or equal-gain" "$cuesmith" fit "$s" --cue 1M01 --to-hit 01:00:07:12 --crossfade-shape log
expect_error "fit bad snap" "not bar or zero-crossing" "$cuesmith" fit "$s" --cue 1M01 --to-hit 01:00:07:12 --snap beat
expect_ok "fit stretch" "$cuesmith" fit "$s" --cue 1M01 --to-hit 01:00:09:18 --allow stretch --apply 1 --preview -o "$work/proj/stretched.cuesmith"
[ "$(ls "$work/proj/stretched.cuesmith-cache/stretch" | grep -c 'stretch-.*-r2.wav')" = 3 ] && pass || fail "three stretched stems in the cache"
# The preview stretch (faster engine) is delivered with R3, made beside the R2 files.
expect_ok "render a preview stretch" "$cuesmith" render "$work/proj/stretched.cuesmith" -o "$work/stretched-out" --from 01:00:03:00 --to 01:00:05:00
grep -qx "note: cue 1M01: its preview stretch is rendered with the finer engine (R3) for delivery" "$work/err" && pass || fail "R3 note: $(cat "$work/err")"
[ "$(ls "$work/proj/stretched.cuesmith-cache/stretch" | grep -c 'stretch-.*-r3.wav')" = 3 ] && pass || fail "three R3 stems for delivery"
expect_error "fit beyond the stretch limit" "nothing lands" "$cuesmith" fit "$s" --cue 1M01 --to-hit 01:00:12:00 --allow stretch
expect_error "fit bad allow" "not stretch, extend, trim, cut or fade" "$cuesmith" fit "$s" --cue 1M01 --to-hit 01:00:12:00 --allow wobble

# Fitting: a trim stops the cue on the hit with a tail fade (--tail-fade seconds), the ending lost.
# 1M01 starts at 01:00:03:12 and its ending (288000) plays at 01:00:09:12; 01:00:05:00 is 72072
# samples in, off every bar line, so only a fade stops it there.
expect_ok "fit fade" "$cuesmith" fit "$s" --cue 1M01 --to-hit 01:00:05:00 --allow fade --tail-fade 0.5 --apply 1 -o "$work/proj/trimmed.cuesmith"
python3 -c "
import json,sys; j=json.load(open('$work/proj/trimmed.cuesmith')); c=[c for c in j['cues'] if c['number']=='1M01'][0]
seg=c['segments']
sys.exit(0 if len(seg)==1 and seg[0]['source_start']==0 and seg[0]['timeline_start']==173140968 and seg[0]['timeline_start']+seg[0]['length'] == (86400+5*24)*2002 and seg[0]['fade_out']==24000 else 1)" && pass || fail "trim ends on the hit with a 0.5 s fade"
expect_error "fit fade past the cue's end" "a trim needs the cue to play past the hit" "$cuesmith" fit "$s" --cue 1M01 --to-hit 01:00:12:00 --allow fade
expect_error "fit bad tail fade" "tail-fade must be between" "$cuesmith" fit "$s" --cue 1M01 --to-hit 01:00:05:00 --tail-fade 0

# The per-cue stretch limit: 1M01 needs a 4.27 % stretch to reach 01:00:09:18.
l=$work/proj/limit.cuesmith
cp "$s" "$l"
expect_ok "help cue limit" "$cuesmith" cue limit --help
expect_ok "cue limit" "$cuesmith" cue limit "$l" --cue 1M01 --stretch 3
python3 -c "import json,sys; j=json.load(open('$l')); sys.exit(0 if abs(j['cues'][0]['stretch_limit'] - 0.03) < 1e-12 else 1)" && pass || fail "stretch limit saved"
expect_error "fit beyond the cue's own limit" "nothing lands" "$cuesmith" fit "$l" --cue 1M01 --to-hit 01:00:09:18 --allow stretch
expect_ok "cue limit wider" "$cuesmith" cue limit "$l" --cue 1M01 --stretch 4.5
expect_ok "fit within the cue's own limit" "$cuesmith" fit "$l" --cue 1M01 --to-hit 01:00:09:18 --allow stretch --json
check_json "the stretch within 4.5 %" "j['proposals'][0]['kind'] == 'stretch' and 4.2 < j['proposals'][0]['stretch_percent'] < 4.5"
expect_error "cue limit too large" "--stretch 60 is not a limit between 0 and 50 %" "$cuesmith" cue limit "$l" --cue 1M01 --stretch 60
expect_error "cue limit negative" "is not a limit between 0 and 50 %" "$cuesmith" cue limit "$l" --cue 1M01 --stretch -1
expect_error "cue limit of an unknown cue" "no cue 9M99" "$cuesmith" cue limit "$l" --cue 9M99 --stretch 3

# Delivery render: one file per stem bus plus the mix, same start and length, with a report.
expect_ok "render" "$cuesmith" render "$s" -o "$work/deliver" --layout 5.1 --handles 24 --json
check_json "render files" "[f['bus'] for f in j['files']] == ['STR','BRS','PRC','MIX']"
check_json "render range with handles" "all(f['start_timecode'] == '00:59:59:00' and f['length_samples'] == ((14*24+5) + 2*24) * 2002 and f['channels'] == 6 for f in j['files'])"
check_json "render loudness" "all(f['integrated_lufs'] is not None and f['true_peak_dbtp'] < 0 for f in j['files'])"
[ "$(ls "$work/deliver" | tr '\n' ' ')" = "FIXTURE_SCENE_BRS.wav FIXTURE_SCENE_MIX.wav FIXTURE_SCENE_PRC.wav FIXTURE_SCENE_STR.wav " ] && pass || fail "render file names: $(ls "$work/deliver")"
# A mix pushed past full scale renders, says on one stderr line that it clips, and flags it.
cp "$s" "$work/hot.cuesmith"
for bus in STR BRS PRC; do "$cuesmith" mix "$work/hot.cuesmith" --bus $bus --volume 01:00:00:00=12 >/dev/null; done
expect_ok "render past full scale" "$cuesmith" render "$work/hot.cuesmith" -o "$work/hot" --layout 5.1 --json
check_json "render flags the clipped mix" "[f['bus'] for f in j['files'] if f['clipped']] == ['MIX']"
grep -qE "^warning: FIXTURE_SCENE_MIX.wav clips \(sample peak \+[0-9.]+ dBFS\)" "$work/err" && [ "$(grep -c '' "$work/err")" = 1 ] \
  && pass || fail "clip warning: $(cat "$work/err")"
# A film-order delivery is measured in film order (its iXML names put the LFE last).
expect_ok "render film order" "$cuesmith" render "$s" -o "$work/film" --layout 5.1 --handles 24 --film-order
expect_ok "analyze film order" "$cuesmith" analyze --json "$work/film/FIXTURE_SCENE_MIX.wav" "$work/deliver/FIXTURE_SCENE_MIX.wav"
check_json "analyze finds each file's order" "[f['channel_order'] for f in j['files']] == ['film', 'smpte'] and abs(j['files'][0]['integrated_lufs'] - j['files'][1]['integrated_lufs']) < 0.01"
expect_error "analyze bad order" "order 'dts' is not auto, smpte or film" "$cuesmith" analyze --order dts "$work/film/FIXTURE_SCENE_MIX.wav"
expect_error "render bad layout" "layout '4.0' is not" "$cuesmith" render "$s" -o "$work/deliver2" --layout 4.0
expect_error "render before midnight" "before midnight" "$cuesmith" render "$s" -o "$work/deliver3" --from 00:00:00:00 --handles 48

# Re-conform: the fixture's v2 trims shot 1 by a second, and swaps shots 2 and 3.
expect_ok "edl diff" "$cuesmith" edl diff --json "$fx/scene.edl" "$fx/scene_v2.edl" --rate 23.976
check_json "diff by source material" "j['summary']['trimmed'] == 1 and j['summary']['reordered'] == 1 and j['summary']['moved'] == 1 and j['shots'][0]['tail_trimmed'] == 24"
c=$work/proj/conform.cuesmith
expect_ok "session on v1" "$cuesmith" new "$c" --edl "$fx/scene.edl" --rate 23.976
expect_ok "cue on v1" "$cuesmith" cue add "$c" --number 1M05 --stems "$fx/1M01_Arrival_v2_STR.wav" --at 01:00:00:12
expect_ok "conform to v2" "$cuesmith" conform "$c" --to "$fx/scene_v2.edl" -o "$work/proj/conform_v2.cuesmith" --report "$work/report.json" --json
# 1M05 spans shots 1-2: shot 1's cut tail takes 24 frames of music with it, shot 3 moves in
# between (a gap over picture the cue never had), and the music over shot 2 follows it, +96 frames.
check_json "conform report" "j['cues'][0]['cue'] == '1M05' and j['cues'][0]['status'] == 'edited' and j['cues'][0]['removed_samples'] == 24*2002 and len(j['cues'][0]['gaps']) == 1 and any(m['shift_frames'] == 96 for m in j['cues'][0]['moves'])"
expect_ok "conformed session" "$cuesmith" info --json "$work/proj/conform_v2.cuesmith"
check_json "both cuts kept, v2 current" "[x['name'] for x in j['cuts']] == ['v1','v2'] and j['current_cut'] == 'v2'"
[ -s "$work/report.json" ] && pass || fail "conform report file written"
expect_error "conform over itself" "conform\.cuesmith" "$cuesmith" conform "$c" --to "$fx/scene_v2.edl" -o "$c"
printf 'TITLE: OTHER\nFCM: NON-DROP FRAME\n001  ZZZ999 V C 05:00:00:00 05:00:05:00 01:00:00:00 01:00:05:00\n' > "$work/other.edl"
expect_error "conform to an unrelated cut" "other\.edl" "$cuesmith" conform "$c" --to "$work/other.edl" -o "$work/proj/x.cuesmith"

# Fitting after a conform: edits go into the cue's last segment; the one before it stays as the
# conform left it. In v2 1M05 plays cue samples 0-144144 from 01:00:00:12, then 192192-384000
# from 01:00:08:12; at 120 bpm in 2/4 its ending (the last bar line, 336000) plays at 01:00:11:12.
cf=$work/proj/conform_v2.cuesmith
expect_ok "tempo of the conformed cue" "$cuesmith" cue tempo "$cf" --cue 1M05 --bpm 120 --meter 2/4
expect_ok "fit the conformed cue" "$cuesmith" fit "$cf" --cue 1M05 --to-hit 01:00:13:12 --json
check_json "conformed cue: repeat two bars, no stretch and why" "j['proposals'][0]['kind'] == 'repeat' and j['proposals'][0]['edits'] == 1 and j['proposals'][0]['to_sample'] - j['proposals'][0]['from_sample'] == 96000 and all('stretch' not in p['kind'] for p in j['proposals']) and any('whole stem files' in n for n in j['notes'])"
expect_ok "extend the conformed cue" "$cuesmith" fit "$cf" --cue 1M05 --to-hit 01:00:13:12 --allow extend --apply 1 -o "$work/proj/extended.cuesmith"
python3 -c "
import json,sys; j=json.load(open('$work/proj/extended.cuesmith')); seg=j['cues'][0]['segments']
first={'source_start':0,'length':144144,'timeline_start':172996824,'fade_in':0,'fade_out':0,'fade_in_shape':'equal-power','fade_out_shape':'equal-power'}
last=[x for x in seg if x['source_start'] <= 336000 < x['source_start']+x['length']][-1]
lands=last['timeline_start'] + 336000 - last['source_start']
sys.exit(0 if len(seg)==3 and seg[0]==first and abs(lands - (86400+13*24+12)*2002) <= 1001 else 1)" && pass || fail "extended ending lands on the hit, first segment untouched"
expect_ok "trim the conformed cue" "$cuesmith" fit "$cf" --cue 1M05 --to-hit 01:00:10:00 --tail-fade 1 --apply 1 -o "$work/proj/conform_trim.cuesmith"
python3 -c "
import json,sys; j=json.load(open('$work/proj/conform_trim.cuesmith')); seg=j['cues'][0]['segments']
sys.exit(0 if len(seg)==2 and seg[0]['length']==144144 and seg[1]['timeline_start']+seg[1]['length'] == (86400+10*24)*2002 and seg[1]['fade_out']==48000 else 1)" && pass || fail "conformed cue trimmed on the hit"
expect_error "stretch a conformed cue" "a stretch applies to its whole stem files" "$cuesmith" fit "$cf" --cue 1M05 --to-hit 01:00:11:20 --allow stretch

# Re-conform hears its splices and maps the dialogue's speech. A cue spotted at 01:00:03:00 runs
# over shots 1-3: shot 1's cut tail goes, so shot 1 now cuts to the reordered shot 3 (one splice),
# inside the fixture stems' held 220 Hz tone; the same cue on silent stems is not flagged. A hand
# speech edit over shot 2 moves with it, +96 frames.
rc=$work/reconform
mkdir -p "$rc"
ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "anullsrc=r=48000:cl=stereo" -t 8 -c:a pcm_s24le "$rc/1M07_Silent_v1_STR.wav"
expect_ok "session to hear" "$cuesmith" new "$rc/held.cuesmith" --edl "$fx/scene.edl" --rate 23.976 --dialogue "$fx/dialogue.wav"
expect_ok "held cue" "$cuesmith" cue add "$rc/held.cuesmith" --number 1M06 --stems "$fx"/1M01_Arrival_v2_{STR,BRS}.wav --at 01:00:03:00
expect_ok "silent cue" "$cuesmith" cue add "$rc/held.cuesmith" --number 1M07 --stems "$rc/1M07_Silent_v1_STR.wav" --at 01:00:03:00
expect_ok "held cue tempo" "$cuesmith" cue tempo "$rc/held.cuesmith" --cue 1M06 --bpm 120 --meter 4/4
expect_ok "speech edit over shot 2" "$cuesmith" dialogue add "$rc/held.cuesmith" --from 01:00:05:00 --to 01:00:06:00
expect_ok "conform hears its splices" "$cuesmith" conform "$rc/held.cuesmith" --to "$fx/scene_v2.edl" -o "$rc/held_v2.cuesmith" --json
check_json "splice inside the held tone, nearest bars offered" "(lambda s: s['inside_sustained_note'] is True and s['needs_musical_fix'] and s['fix_reasons'] == ['off_bar_line', 'inside_sustained_note'] and s['outgoing_sound']['sustained'] and s['incoming_sound']['sustained'] and s['outgoing_bars']['bar_before'] == 0 and s['outgoing_bars']['bar_after'] == 96000)(j['cues'][0]['splices'][0])"
check_json "splice in silence not flagged" "(lambda s: s['inside_sustained_note'] is False and not s['needs_musical_fix'] and s['fix_reasons'] == [])(j['cues'][1]['splices'][0])"
check_json "summary counts splices inside notes" "j['summary']['splices_inside_sustained_notes'] == 1 and j['summary']['splices_needing_fix'] == 1"
check_json "dialogue named as the old cut's audio" "j['speech']['old_cut_sources'] == ['dialogue'] and j['speech']['edits_after'] == 1 and sum('guide track' in n for n in j['notes']) == 1"
python3 -c "
import json,sys
old=json.load(open('$rc/held.cuesmith')); new=json.load(open('$rc/held_v2.cuesmith'))
e0=old['speech_edits'][0]; e1=new['speech_edits'][0]; att=new['cues'][0]['attention']
sys.exit(0 if e1['start'] - e0['start'] == 96*2002 and e1['end'] - e0['end'] == 96*2002 and any('cuts into a sustained note' in a for a in att) else 1)" \
  && pass || fail "speech edit moved with its shot; cue attention names the sustained note"
expect_ok "conform --no-listen" "$cuesmith" conform "$rc/held.cuesmith" --to "$fx/scene_v2.edl" -o "$rc/deaf.cuesmith" --no-listen --json
check_json "unheard splices say so" "j['cues'][0]['splices'][0]['inside_sustained_note'] is None and j['cues'][0]['splices'][0]['fix_reasons'] == ['off_bar_line']"
rm "$rc/1M07_Silent_v1_STR.wav"
expect_ok "conform with a stem gone" "$cuesmith" conform "$rc/held.cuesmith" --to "$fx/scene_v2.edl" -o "$rc/gone.cuesmith" --json
grep -qE "^warning: cue 1M07: .*1M07_Silent_v1_STR\.wav" "$work/err" && pass || fail "missing stem warned: $(cat "$work/err")"

# Loudness of real speech matches ffmpeg's ebur128 (-22.6 LUFS, -5.6 dBTP for LJ050-0131).
expect_ok "analyze" "$cuesmith" analyze --json "$shared/speech/LJ050-0131.wav"
check_json "analyze speech" "abs(j['files'][0]['integrated_lufs'] + 22.64) < 0.1 and abs(j['files'][0]['true_peak_dbtp'] + 5.55) < 0.2 and j['files'][0]['sample_rate'] == 22050"
expect_error "analyze missing" "nothere\.wav" "$cuesmith" analyze "$work/nothere.wav"

# Bad input leaves the session untouched.
before=$(md5sum < "$s")
expect_error "mismatched stems" "1M02_Short_v1_ELX\.wav" "$cuesmith" cue add "$s" --number 1M02 --stems "$fx/1M01_Arrival_v2_STR.wav" "$fx/1M02_Short_v1_ELX.wav"
expect_error "missing stem" "missing_STR\.wav" "$cuesmith" cue add "$s" --number 1M03 --stems "$fx/missing_STR.wav"
expect_error "duplicate cue" "1M01 is already in the session" "$cuesmith" cue add "$s" --number 1M01 --stems "$fx/1M01_Arrival_v2_STR.wav"
expect_error "bad --at" "not a timecode" "$cuesmith" cue add "$s" --number 1M04 --at 01:00:00:24 --stems "$fx/1M01_Arrival_v2_STR.wav"
# Stems of two cues are never one cue; without --number the names give it.
expect_error "stems of two cues" "1M02_Short_v1_ELX\.wav is named for cue 1M02" "$cuesmith" cue add "$s" --stems "$fx/1M01_Arrival_v2_STR.wav" "$fx/1M02_Short_v1_ELX.wav"
# A cue nobody gave a tempo: fit detects one (aubio) so it can cut on bars, and keeps it when applied.
# 12 s of a 120 bpm click (a beat every 0.5 s), stamped at 01:00:02:00.
ffmpeg -nostdin -loglevel error -y -f lavfi -i "aevalsrc=exprs='if(lt(mod(t\,0.5)\,0.02)\,0.8*sin(2*PI*1500*t)\,0)':s=48000:d=12" \
  -ac 2 -c:a pcm_s24le -write_bext 1 -metadata time_reference=173068896 "$work/9M01_Click_v1_PRC.wav"
tempo_s=$work/tempo.cuesmith
"$cuesmith" new "$tempo_s" --edl "$fx/scene.edl" --rate 23.976 >/dev/null
"$cuesmith" cue add "$tempo_s" --stems "$work/9M01_Click_v1_PRC.wav" >/dev/null
# The cue ends at 01:00:14:00; its last bar line at 01:00:12:00 (bar 6); land that 2 bars (4 s) earlier.
expect_ok "fit detects a missing tempo" "$cuesmith" fit "$tempo_s" --cue 9M01 --to-hit 01:00:08:00 --allow cut --json
check_json "detected tempo noted, bar cut offered" "any('bpm in 4/4 detected' in n for n in j['notes']) and j['proposals'][0]['kind'] == 'cut'"
expect_ok "fit applies with the detected tempo" "$cuesmith" fit "$tempo_s" --cue 9M01 --to-hit 01:00:08:00 --allow cut --apply 1
python3 -c "
import json,sys
t=[c for c in json.load(open('$tempo_s'))['cues'] if c['number']=='9M01'][0]['tempo']
b=t['beats']; step=(b[-1]-b[0])/(len(b)-1)
sys.exit(0 if t['source']=='detected' and abs(step-24000) < 240 else 1)" && pass || fail "the detected tempo (120 bpm) is kept in the session"
# --- cue import: a delivery folder grouped into cues by the stems' names ------------------------
mkdir -p "$work/delivery"
cp "$fx"/1M01_Arrival_v2_{STR,BRS,PRC}.wav "$work/delivery/"
cp "$fx/1M01_Arrival_v2_STR.wav" "$work/delivery/1M01_Arrival_v1_STR.wav"
cp "$fx/1M01_Arrival_v2_BRS.wav" "$work/delivery/3M01_Tag_v1_BRS.wav"
imp=$work/import.cuesmith
"$cuesmith" new "$imp" --edl "$fx/scene.edl" --rate 23.976 >/dev/null
expect_ok "cue import" "$cuesmith" cue import "$imp" "$work/delivery"
grep -qx "skipped 1M01 v1 (v2 is newer): 1M01_Arrival_v1_STR.wav" "$work/out" && pass || fail "import skips the older version: $(cat "$work/out")"
grep -qx "added cue 1M01 'Arrival' v2 with 3 stems at 01:00:02:00" "$work/out" && grep -qx "added cue 3M01 'Tag' v1 with 1 stems at 01:00:02:00" "$work/out" \
  && pass || fail "import groups by cue: $(cat "$work/out")"
cp "$fx/1M01_Arrival_v2_STR.wav" "$work/delivery/strings final.wav"
before_import=$(md5sum < "$imp")
expect_error "import names a stray file" "strings final\.wav: the name does not start with a cue number" "$cuesmith" cue import "$imp" "$work/delivery"
[ "$(md5sum < "$imp")" = "$before_import" ] && pass || fail "refused import changed the session"
expect_error "movie without picture" "no picture" "$cuesmith" new "$work/x.cuesmith" --edl "$fx/scene.edl" --movie "$fx/dialogue.wav"
[ "$(md5sum < "$s")" = "$before" ] && pass || fail "session changed by refused edits"

# Damaged or foreign session files get one line naming file and field.
python3 -c "import json; j=json.load(open('$s')); j['version']=99; json.dump(j, open('$work/newer.cuesmith','w'))"
expect_error "newer version" "newer\.cuesmith: field 'version' is 99" "$cuesmith" info "$work/newer.cuesmith"
head -c 400 "$s" > "$work/truncated.cuesmith"
expect_error "truncated" "truncated\.cuesmith" "$cuesmith" info "$work/truncated.cuesmith"
python3 -c "import json; j=json.load(open('$s')); j['cues'][0]['start_sample']='soon'; json.dump(j, open('$work/wrongtype.cuesmith','w'))"
expect_error "wrong type" "field 'cues\[0\]\.start_sample': expected an integer" "$cuesmith" info "$work/wrongtype.cuesmith"
head -c 3000 /dev/urandom > "$work/random.cuesmith"
expect_error "random bytes" "random\.cuesmith" "$cuesmith" info "$work/random.cuesmith"

# An EDL in Windows-1252 (Avid on Windows) makes a session that saves and reads back.
printf 'TITLE: CAF\xc9 SC\xc8NE\n001  A001 V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\n* FROM CLIP NAME:  CAF\xc9.MOV\n' > "$work/cp1252.edl"
expect_ok "new from a Windows-1252 EDL" "$cuesmith" new "$work/cp1252.cuesmith" --edl "$work/cp1252.edl"
expect_ok "info of it" "$cuesmith" info --json "$work/cp1252.cuesmith"
check_json "title transcoded" "j['project'] == 'CAF\u00c9 SC\u00c8NE'"

# A session moved with its media keeps working (paths are stored relative to its folder).
cp -r "$fx" "$work/proj/media"
s2=$work/proj/moved.cuesmith
expect_ok "new with media inside" "$cuesmith" new "$s2" --edl "$work/proj/media/scene.edl" --rate 23.976
expect_ok "cue add inside" "$cuesmith" cue add "$s2" --number 1M01 --stems "$work/proj/media"/1M01_Arrival_v2_{STR,BRS}.wav
grep -q '"path": "media/1M01_Arrival_v2_STR.wav"' "$s2" && pass || fail "stem path stored relative"
mv "$work/proj" "$work/moved-proj"
expect_ok "info after move" "$cuesmith" info --json "$work/moved-proj/moved.cuesmith"
check_json "paths follow the move" "j['cues'][0]['stems'][0]['path'].startswith('$work/moved-proj/media/')"


# --- dialogue edits, mix settings, ducks --------------------------------------------------------
m=$work/moved-proj/mixing.cuesmith
cp "$work/moved-proj/scene.cuesmith" "$m"
expect_ok "dialogue add" "$cuesmith" dialogue add "$m" --from 01:00:03:00 --to 01:00:05:00
expect_ok "dialogue remove" "$cuesmith" dialogue remove "$m" --from 01:00:03:12 --to 01:00:03:13
expect_ok "dialogue nudge" "$cuesmith" dialogue nudge "$m" --at 01:00:04:00 --end --by 500
expect_error "dialogue nudge nowhere" "no speech region at 01:00:20:00" "$cuesmith" dialogue nudge "$m" --at 01:00:20:00 --start --by 100
expect_error "dialogue add backwards" "--to must be after --from" "$cuesmith" dialogue add "$m" --from 01:00:05:00 --to 01:00:04:00
grep -q '"speech_edits"' "$m" && pass || fail "speech edits saved"
expect_ok "dialogue detect a file" "$cuesmith" dialogue detect "$shared/speech/LJ050-0131.wav" --json --confirmation 0.7
check_json "one line found in a lone recording" "len(j['regions']) >= 1 and j['regions'][0]['start'] < 0.5 and j['regions'][-1]['end'] > 7.0 and all(0 <= r['confidence'] <= 1 for r in j['regions'])"
expect_error "dialogue detect a missing file" "gone\.wav" "$cuesmith" dialogue detect "$work/gone.wav"
expect_ok "duck --json" "$cuesmith" duck "$m" --json
check_json "one duck per bus over one phrase" "j['speech_regions'] == 2 and all(b['ducks'] == 1 for b in j['buses']) and {b['bus']: b['depth_db'] for b in j['buses']} == {'STR': -2.0, 'BRS': -6.0, 'PRC': -4.0}"
check_json "duck slopes under the ceiling" "all(b['steepest_db_per_s'] <= 10.0001 for b in j['buses'])"
expect_ok "mix clamps an absurd depth" "$cuesmith" mix "$m" --bus PRC --depth 12 --release 0
grep -q "outside" "$work/err" && pass || fail "clamping is reported"
expect_ok "duck after clamping" "$cuesmith" duck "$m" --json --bus PRC
check_json "a positive depth became no duck" "j['buses'][0]['depth_db'] == 0.0"
expect_error "mix unknown bus" "no stem bus named HRN" "$cuesmith" mix "$m" --bus HRN --depth -3
expect_error "mix inverted band" "eq-low below --eq-high" "$cuesmith" mix "$m" --bus STR --eq-low 3000 --eq-high 1000
expect_error "mix bad volume" "not a level in dB" "$cuesmith" mix "$m" --bus STR --volume 01:00:01:00=loud
expect_ok "mix automation" "$cuesmith" mix "$m" --bus STR --volume 01:00:02:00=-3:smooth --volume 01:00:06:00=-9 --mute 01:00:09:00
# Editing points: one point per time (a second replaces the first), a point moved by removing it
# and placing it again, a point that is not there refused.
cp "$m" "$work/edit.cuesmith"
expect_ok "replace a volume point" "$cuesmith" mix "$work/edit.cuesmith" --bus STR --volume 01:00:06:00=-4:fast
expect_ok "move a volume point" "$cuesmith" mix "$work/edit.cuesmith" --bus STR --remove-point 01:00:02:00 --volume 01:00:03:00=-3:smooth
python3 -c "
import json,sys
v=[b for b in json.load(open('$work/edit.cuesmith'))['buses'] if b['name']=='STR'][0]['volume']
sys.exit(0 if [(p['db'], p['curve']) for p in v] == [(-3.0,'smooth'), (-4.0,'fast')] and v[0]['sample'] < v[1]['sample'] else 1)" && pass || fail "volume points replaced and moved: $(cat "$work/edit.cuesmith" | head -c 0)"
expect_error "remove a missing point" "STR has no automation point at 01:00:04:00" "$cuesmith" mix "$work/edit.cuesmith" --bus STR --remove-point 01:00:04:00
expect_ok "duck --print" "$cuesmith" duck "$m" --print -o "$work/printed.cuesmith"
expect_ok "duck of the printed session" "$cuesmith" duck "$work/printed.cuesmith" --json
check_json "printed ducks are off" "not any(b['enabled'] for b in j['buses'])"
python3 -c "
import json,sys
b = {x['name']: x for x in json.load(open('$work/printed.cuesmith'))['buses']}
sys.exit(0 if len(b['BRS']['volume']) == 4 and min(p['db'] for p in b['BRS']['volume']) == -6.0 and len(b['STR']['volume']) >= 6 else 1)" && pass || fail "printed ducks are volume points"
expect_ok "render ducked" "$cuesmith" render "$m" -o "$work/ducked" --from 01:00:02:00 --to 01:00:08:00
expect_ok "render --no-duck" "$cuesmith" render "$m" -o "$work/undipped" --from 01:00:02:00 --to 01:00:08:00 --no-duck
expect_ok "render printed" "$cuesmith" render "$work/printed.cuesmith" -o "$work/printedrender" --from 01:00:02:00 --to 01:00:08:00
expect_ok "analyze brass" "$cuesmith" analyze --json "$work"/ducked/*_BRS.wav "$work"/undipped/*_BRS.wav "$work"/printedrender/*_BRS.wav
check_json "ducked brass is quieter, printed sounds the same" "j['files'][1]['integrated_lufs'] - j['files'][0]['integrated_lufs'] > 2.0 and abs(j['files'][2]['integrated_lufs'] - j['files'][0]['integrated_lufs']) < 0.05"

# --- dialogue sources: speech detected when added; a movie's audio stream, channel, timecode -----
dl=$work/dialogue-sources
mkdir -p "$dl"
ffq() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
speech=$shared/speech/LJ050-0131.wav  # 7.66 s of real speech, no BWF stamp: sits at the picture start
# A cue in the dialogue band (1 kHz) from 01:00:02:00, under the speech until 01:00:07:16.
for stem in STR BRS; do
  ffq -f lavfi -i "sine=frequency=1000:sample_rate=48000:duration=8" -ac 2 -c:a pcm_s24le \
      -write_bext 1 -metadata time_reference=173068896 -fflags +bitexact "$dl/1M09_Talk_v1_$stem.wav"
done
t=$dl/talk.cuesmith
expect_ok "new with real speech as dialogue" "$cuesmith" new "$t" --edl "$fx/scene.edl" --rate 23.976 --dialogue "$speech"
grep -qE "dialogue LJ050-0131 at 01:00:00:00: [1-9][0-9]* speech regions detected" "$work/out" && pass || fail "new reports the speech it found: $(cat "$work/out")"
python3 -c "
import json,sys; r=json.load(open('$t'))['speech']
sys.exit(0 if r and abs(r[0]['start'] - 172972800) < 0.5*48000 and abs(r[-1]['end'] - (172972800 + 7.66*48000)) < 0.5*48000 else 1)" \
  && pass || fail "new --dialogue stores the detected speech on the timeline"
expect_ok "cue under the speech" "$cuesmith" cue add "$t" --number 1M09 --stems "$dl"/1M09_Talk_v1_{STR,BRS}.wav
expect_ok "render a fresh session" "$cuesmith" render "$t" -o "$dl/ducked" --from 01:00:03:00 --to 01:00:07:00
expect_ok "render it --no-duck" "$cuesmith" render "$t" -o "$dl/undipped" --from 01:00:03:00 --to 01:00:07:00 --no-duck
cmp -s "$dl"/ducked/*_MIX.wav "$dl"/undipped/*_MIX.wav && fail "a fresh session's mix is not ducked" || pass
expect_ok "analyze the fresh mixes" "$cuesmith" analyze --json "$dl"/ducked/*_MIX.wav "$dl"/undipped/*_MIX.wav
check_json "a fresh session ducks under the words" "j['files'][1]['integrated_lufs'] - j['files'][0]['integrated_lufs'] > 2.0"
# The band cut alone (ducks off) still carves the 1 kHz music under the words.
cp "$t" "$dl/eq-only.cuesmith"
for bus in STR BRS; do "$cuesmith" mix "$dl/eq-only.cuesmith" --bus $bus --duck off >/dev/null; done
expect_ok "render the band cut alone" "$cuesmith" render "$dl/eq-only.cuesmith" -o "$dl/eq-only" --from 01:00:03:00 --to 01:00:07:00
expect_ok "analyze the band cut" "$cuesmith" analyze --json "$dl"/eq-only/*_MIX.wav "$dl"/undipped/*_MIX.wav
check_json "a fresh session cuts the dialogue band" "j['files'][1]['integrated_lufs'] - j['files'][0]['integrated_lufs'] > 0.5"
# Silent dialogue: a warning, no regions, and the session is still made.
ffq -f lavfi -i "anullsrc=sample_rate=48000:channel_layout=mono" -t 5 -c:a pcm_s16le "$dl/silence.wav"
expect_ok "new with silent dialogue" "$cuesmith" new "$dl/silent.cuesmith" --edl "$fx/scene.edl" --dialogue "$dl/silence.wav"
grep -q "silence.wav: no speech found" "$work/err" && pass || fail "silent dialogue warns: $(cat "$work/err")"
python3 -c "import json,sys; sys.exit(0 if json.load(open('$dl/silent.cuesmith'))['speech'] == [] else 1)" && pass || fail "silent dialogue has no regions"

# A guide movie stamped 01:00:10:00: audio stream 1 a mono tone, audio stream 2 a 5.1 mix whose
# centre alone carries the speech from 2 s on. And a movie without sound.
ffq -f lavfi -i "testsrc2=size=64x48:rate=24000/1001:duration=12" -f lavfi -i "sine=frequency=300:sample_rate=48000:duration=12" \
    -i "$speech" -filter_complex "[2:a]aresample=48000,adelay=2000,apad=whole_dur=12,pan=5.1|FC=c0[g]" \
    -map 0:v -map 1:a -map "[g]" -c:v mpeg4 -c:a pcm_s16le -timecode 01:00:10:00 "$dl/guide.mov"
ffq -f lavfi -i "testsrc2=size=64x48:rate=24000/1001:duration=1" -c:v mpeg4 -timecode 01:00:10:00 "$dl/mute.mov"
g=$dl/guide.cuesmith
expect_ok "new with a movie's centre channel" "$cuesmith" new "$g" --edl "$fx/scene.edl" --rate 23.976 --dialogue "$dl/guide.mov" --dialogue-stream 2 --dialogue-channel 3
expect_ok "info of the movie dialogue" "$cuesmith" info --json "$g"
# 01:00:10:00 at 23.976 is frame 86640, sample 86640 * 2002.
check_json "movie dialogue at its start timecode" "j['dialogue'][0]['start'] == '01:00:10:00' and j['dialogue'][0]['start_sample'] == 86640*2002 and j['dialogue'][0]['channel'] == 3 and j['speech_regions'] >= 1"
python3 -c "
import json,sys; r=json.load(open('$g'))['speech']
sys.exit(0 if r and abs(r[0]['start'] - (86640*2002 + 2*48000)) < 0.25*48000 else 1)" \
  && pass || fail "the movie's speech lands 2 s after its timecode"
expect_ok "detect a movie's stream 2 channel 3" "$cuesmith" dialogue detect "$dl/guide.mov" --stream 2 --channel 3 --json
check_json "the centre carries the speech" "len(j['regions']) >= 1 and abs(j['regions'][0]['start'] - 2.0) < 0.25 and abs(j['regions'][-1]['end'] - 9.66) < 0.4"
expect_ok "detect a silent channel of it" "$cuesmith" dialogue detect "$dl/guide.mov" --stream 2 --channel 1 --json
check_json "the left carries none" "j['regions'] == []"
expect_error "detect a third audio stream" "guide\.mov: has 2 audio stream\(s\), there is no stream 3" "$cuesmith" dialogue detect "$dl/guide.mov" --stream 3
expect_error "new with no channel 7" "guide\.mov: has 6 channel\(s\), there is no channel 7" "$cuesmith" new "$dl/x.cuesmith" --edl "$fx/scene.edl" --dialogue "$dl/guide.mov" --dialogue-stream 2 --dialogue-channel 7
expect_error "new with a movie without audio" "mute\.mov: has no audio stream to take the dialogue from" "$cuesmith" new "$dl/x.cuesmith" --edl "$fx/scene.edl" --dialogue "$dl/mute.mov"
expect_error "new with stream 2 of a wav" "has one audio stream; there is no stream 2" "$cuesmith" new "$dl/x.cuesmith" --edl "$fx/scene.edl" --dialogue "$speech" --dialogue-stream 2
expect_ok "dialogue detect --help" "$cuesmith" dialogue detect --help
grep -q "counting audio streams only" "$work/out" && pass || fail "detect --help says how --stream counts"

# --- dialogue-aware mixing: bad input at session and CLI level ------------------------------------
# Every render here is float, so a NaN or an infinity would reach the file: none may.
dm=$work/dialogue-mixing
mkdir -p "$dm"
all_finite() {  # all_finite FILE...: every sample of every (BWF, float or PCM) file is a finite number
  python3 - "$@" <<'PY'
import array, math, struct, sys
for path in sys.argv[1:]:
    data = open(path, 'rb').read()
    pos, fmt, samples = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack('<I', data[pos + 4:pos + 8])[0]
        if cid == b'fmt ':
            fmt = struct.unpack('<H', data[pos + 8:pos + 10])[0]
            if fmt == 0xFFFE:  # WAVE_FORMAT_EXTENSIBLE: the format is the sub-format GUID's first two bytes
                fmt = struct.unpack('<H', data[pos + 32:pos + 34])[0]
        if cid == b'data':
            samples = data[pos + 8:pos + 8 + size]
        pos += 8 + size + (size & 1)
    if fmt != 3 or samples is None:
        sys.exit(f'{path}: not a float WAV')
    values = array.array('f', samples[:len(samples) // 4 * 4])
    if not values or not all(math.isfinite(v) for v in values):
        sys.exit(f'{path}: a sample is not finite')
PY
}
# A session with speech marked by hand over the fixture's dialogue, so ducks and the band cut act.
dms=$dm/mix.cuesmith
"$cuesmith" new "$dms" --edl "$fx/scene.edl" --rate 23.976 --dialogue "$fx/dialogue.wav" >/dev/null 2>&1
"$cuesmith" cue add "$dms" --number 1M01 --stems "$fx"/1M01_Arrival_v2_{STR,BRS,PRC}.wav >/dev/null
expect_ok "dialogue-mixing: speech by hand" "$cuesmith" dialogue add "$dms" --from 01:00:03:00 --to 01:00:06:00

# Negative lead and hold are clamped with a warning, like every other clamped setting.
expect_ok "mix negative lead and hold" "$cuesmith" mix "$dms" --bus STR --lead -200 --hold -5
grep -qx "warning: --lead -200 ms is outside 0 to 5000 ms; using 0 ms" "$work/err" \
  && grep -qx "warning: --hold -5 ms is outside 0 to 10000 ms; using 0 ms" "$work/err" \
  && [ "$(grep -c '' "$work/err")" = 2 ] && pass || fail "negative lead/hold warnings: $(cat "$work/err")"
grep -q "lead 0 ms, hold 0 ms" "$work/out" && pass || fail "negative lead/hold clamped to 0: $(cat "$work/out")"
expect_error "mix NaN depth" "--depth is not a number" "$cuesmith" mix "$dms" --bus STR --depth nan

# Absurd settings on every knob: each clamp said on its own line, the render finite throughout.
expect_ok "mix absurd settings" "$cuesmith" mix "$dms" --bus BRS --depth -1000 --lead -5 --hold 1e9 --release 0 \
  --max-slope 1e9 --eq-depth -1000 --eq-low 1 --eq-high 1e6 --eq-surrounds on --eq-lfe on
[ "$(grep -c "outside" "$work/err")" = 8 ] && pass || fail "absurd settings: 8 clamps reported: $(cat "$work/err")"
expect_ok "mix zero slope, nothing cut" "$cuesmith" mix "$dms" --bus PRC --max-slope 0 --eq-depth 5 --depth 30
python3 -c "
import json,sys
b = {x['name']: x for x in json.load(open('$dms'))['buses']}
d, e = b['BRS']['duck'], b['BRS']['dialogue_eq']
sys.exit(0 if (d['depth_db'], d['lead_ms'], d['hold_ms'], d['release_ms'], d['max_slope_db_per_s']) == (-40, 0, 10000, 10, 200)
         and (e['max_depth_db'], e['low_hz'], e['high_hz'], e['surrounds'], e['lfe']) == (-24, 20, 20000, True, True)
         and b['PRC']['duck']['max_slope_db_per_s'] == 0.5 and b['PRC']['dialogue_eq']['max_depth_db'] == 0
         and b['STR']['dialogue_eq']['lfe'] is False else 1)" && pass || fail "absurd settings stored clamped, LFE choice saved"
expect_error "mix --eq-lfe takes on or off" "--eq-lfe takes on or off, not 'yes'" "$cuesmith" mix "$dms" --bus STR --eq-lfe yes
for layout in 2.0 5.1 7.1; do
  expect_ok "render absurd settings $layout" "$cuesmith" render "$dms" -o "$dm/absurd-$layout" --layout $layout --float --from 01:00:02:00 --to 01:00:08:00
  all_finite "$dm/absurd-$layout"/*.wav && pass || fail "absurd settings $layout: non-finite samples"
done
# Inside the line the -40 dB duck holds (loudness gating would hide it over the whole range).
expect_ok "render absurd settings in the line" "$cuesmith" render "$dms" -o "$dm/absurd-line" --layout 5.1 --float --from 01:00:03:12 --to 01:00:05:12
expect_ok "render the line undipped" "$cuesmith" render "$dms" -o "$dm/absurd-undipped" --layout 5.1 --float --from 01:00:03:12 --to 01:00:05:12 --no-duck
expect_ok "analyze the absurd renders" "$cuesmith" analyze --json "$dm"/absurd-line/*_BRS.wav "$dm"/absurd-undipped/*_BRS.wav
check_json "a -40 dB duck ducks" "j['files'][1]['integrated_lufs'] - j['files'][0]['integrated_lufs'] > 35.0"

# Silent dialogue: a warning that no speech was found, then a normal (undipped) render.
ffmpeg -loglevel error -f lavfi -i "anullsrc=r=48000:cl=mono" -t 12 -c:a pcm_s24le -write_bext 1 \
  -metadata time_reference=172972800 -fflags +bitexact "$dm/silent.wav"
dss=$dm/silent.cuesmith
expect_ok "new with silent dialogue" "$cuesmith" new "$dss" --edl "$fx/scene.edl" --rate 23.976 --dialogue "$dm/silent.wav"
grep -q "^warning: .*silent\.wav" "$work/err" && pass || fail "silent dialogue warns: $(cat "$work/err")"
"$cuesmith" cue add "$dss" --number 1M01 --stems "$fx"/1M01_Arrival_v2_{STR,BRS,PRC}.wav >/dev/null
expect_ok "detect silent dialogue" "$cuesmith" dialogue detect "$dss" --json
check_json "silent dialogue has no speech" "j['regions'] == []"
grep -q "^warning: .*silent\.wav: no speech" "$work/err" && pass || fail "detect warns on silence: $(cat "$work/err")"
expect_ok "render silent dialogue" env SOURCE_DATE_EPOCH=0 "$cuesmith" render "$dss" -o "$dm/silent" --float --from 01:00:02:00 --to 01:00:08:00
expect_ok "render silent dialogue undipped" env SOURCE_DATE_EPOCH=0 "$cuesmith" render "$dss" -o "$dm/silent-undipped" --float --from 01:00:02:00 --to 01:00:08:00 --no-duck
all_finite "$dm"/silent/*.wav && cmp -s "$dm/silent/FIXTURE_SCENE_MIX.wav" "$dm/silent-undipped/FIXTURE_SCENE_MIX.wav" \
  && pass || fail "silent dialogue renders finite and undipped"
# Speech marked by hand over silent dialogue: the duck acts, the band cut finds nothing to clear.
expect_ok "speech by hand over silence" "$cuesmith" dialogue add "$dss" --from 01:00:03:00 --to 01:00:06:00
expect_ok "render hand speech over silence" "$cuesmith" render "$dss" -o "$dm/silent-speech" --layout 5.1 --float --from 01:00:02:00 --to 01:00:08:00
all_finite "$dm"/silent-speech/*.wav && pass || fail "hand speech over silence: non-finite samples"

# The dialogue file gone at render time: the ducked render names it on one line; --no-duck does
# not need it and renders.
cp "$fx/dialogue.wav" "$dm/gone.wav"
dgs=$dm/gone.cuesmith
"$cuesmith" new "$dgs" --edl "$fx/scene.edl" --rate 23.976 --dialogue "$dm/gone.wav" >/dev/null 2>&1
"$cuesmith" cue add "$dgs" --number 1M01 --stems "$fx"/1M01_Arrival_v2_{STR,BRS,PRC}.wav >/dev/null
"$cuesmith" dialogue add "$dgs" --from 01:00:03:00 --to 01:00:06:00 >/dev/null
rm "$dm/gone.wav"
expect_error "render with the dialogue gone" "gone\.wav: no such file" "$cuesmith" render "$dgs" -o "$dm/gone" --float
expect_ok "render --no-duck with the dialogue gone" "$cuesmith" render "$dgs" -o "$dm/gone-undipped" --float --json --no-duck
check_json "undipped render without the dialogue" "[f['bus'] for f in j['files']] == ['STR','BRS','PRC','MIX'] and all(f['integrated_lufs'] is not None for f in j['files'])"
all_finite "$dm"/gone-undipped/*.wav && pass || fail "undipped render without dialogue: non-finite samples"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
