#!/usr/bin/env bash
# Makes small deterministic media for the CLI and GUI tests: a 10-event EDL with markers at
# 23.976, a movie with a start timecode, a BWF dialogue file and a three-stem cue.
# Usage: make_fixtures.sh OUT_DIR
set -euo pipefail
out=$1
mkdir -p "$out"
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

cat > "$out/scene.edl" <<'EDL'
TITLE: FIXTURE SCENE
FCM: NON-DROP FRAME

001  A001C003 V     C        14:22:10:05 14:22:14:17 01:00:00:00 01:00:04:12
* FROM CLIP NAME:  A001C003_230911_R1AB.MOV
002  A002C001 V     C        09:12:00:10 09:12:06:03 01:00:04:12 01:00:10:05
* FROM CLIP NAME:  A002C001.MOV
* LOC: 01:00:06:12 RED     DOOR SLAM
003  A003C007 V     C        10:01:00:00 10:01:05:00 01:00:10:05 01:00:15:05
* FROM CLIP NAME:  A003C007.MOV
* LOC: 01:00:12:00 GREEN   LOOK
EDL

cat > "$out/scene_v2.edl" <<'EDL'
TITLE: FIXTURE SCENE V2
FCM: NON-DROP FRAME

001  A001C003 V     C        14:22:10:05 14:22:13:17 01:00:00:00 01:00:03:12
* FROM CLIP NAME:  A001C003_230911_R1AB.MOV
002  A003C007 V     C        10:01:00:00 10:01:05:00 01:00:03:12 01:00:08:12
* FROM CLIP NAME:  A003C007.MOV
003  A002C001 V     C        09:12:00:10 09:12:06:03 01:00:08:12 01:00:14:05
* FROM CLIP NAME:  A002C001.MOV
* LOC: 01:00:10:12 RED     DOOR SLAM
EDL

# 01:00:00:00 at 23.976 is sample 172972800 at 48 kHz; 01:00:02:00 is 173068896.
ff -f lavfi -i "sine=frequency=300:sample_rate=48000:duration=12" -ac 1 -c:a pcm_s24le \
   -write_bext 1 -metadata time_reference=172972800 -fflags +bitexact "$out/dialogue.wav"
ff -f lavfi -i "testsrc2=size=320x180:rate=24000/1001:duration=15" \
   -f lavfi -i "sine=frequency=500:sample_rate=48000:duration=15" \
   -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest -timecode 01:00:00:00 \
   -fflags +bitexact "$out/movie.mp4"
for stem in STR BRS PRC; do
  ff -f lavfi -i "sine=frequency=220:sample_rate=48000:duration=8" -ac 2 -c:a pcm_s24le \
     -write_bext 1 -metadata time_reference=173068896 -fflags +bitexact "$out/1M01_Arrival_v2_${stem}.wav"
done
# A stem one second shorter than its siblings: must be refused.
ff -f lavfi -i "sine=frequency=220:sample_rate=48000:duration=7" -ac 2 -c:a pcm_s24le \
   -write_bext 1 -metadata time_reference=173068896 -fflags +bitexact "$out/1M02_Short_v1_ELX.wav"
