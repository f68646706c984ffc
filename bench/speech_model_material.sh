#!/usr/bin/env bash
# Prepares the material the speech model is trained and tuned on (docs/SPEECH_DETECTION.md), in a
# folder of its own, from Debian packages fetched with `apt-get download` (nothing is installed):
#   speech/  real recorded prompts of asterisk-core-sounds-{en,es,fr}-g722 (Allison Smith, June
#            Wallack; CC BY-SA 3.0) of 1.5 s or more, decoded to WAV; the spoken channel names of
#            alsa-utils; six espeak-ng sentences; and speed-shifted copies (sox `speed`, 0.8-1.12)
#            of every fourth training line, for lower and higher voices than the two speakers.
#   music/   the Ogg soundtrack of drascula-music and the MP3s of asc-music.
# The test corpus (../shared/data/speech, the held-out singularity-music tracks) is not touched.
# Usage: bench/speech_model_material.sh <folder>     (needs apt lists, ffmpeg, sox, espeak-ng)
set -euo pipefail

out=${1:?usage: speech_model_material.sh <folder>}
mkdir -p "$out/debs" "$out/pkgs" "$out/speech" "$out/music"
out=$(cd "$out" && pwd)

cd "$out/debs"
apt-get download asterisk-core-sounds-en-g722 asterisk-core-sounds-es-g722 asterisk-core-sounds-fr-g722 \
  drascula-music asc-music alsa-utils
for deb in *.deb; do dpkg -x "$deb" "$out/pkgs"; done

sounds="$out/pkgs/usr/share/asterisk/sounds"
for voice in en_US_f_Allison es_MX_f_Allison fr_CA_f_June; do
  # 12 kB of G.722 (64 kbit/s) is 1.5 s: shorter prompts are single words.
  find "$sounds/$voice" -maxdepth 1 -name '*.g722' -size +12k | LC_ALL=C sort | while read -r prompt; do
    ffmpeg -nostdin -loglevel error -f g722 -i "$prompt" -y "$out/speech/${voice}_$(basename "$prompt" .g722).wav"
  done
done
for name in Front_Center Front_Left Front_Right Rear_Center Rear_Left Rear_Right Side_Left Side_Right; do
  cp "$out/pkgs/usr/share/sounds/alsa/$name.wav" "$out/speech/alsa_$name.wav"
done

i=0
while IFS='|' read -r voice text; do
  i=$((i + 1))
  espeak-ng -v "$voice" -s 160 -w "$out/speech/espeak_$i.wav" "$text"
done <<'EOF'
en-us|We should have left the harbour before the storm came in, but nobody listened to the captain.
en-gb+f3|I told you already, the keys are on the kitchen table next to the letters.
en-us+m3|Get down! They are coming around the back of the building right now.
en-gb-x-rp+f2|Honestly, I never thought we would see each other again after all these years.
en-us+f4|Can you hear me? The signal keeps dropping every time the train goes through a tunnel.
en-gb-scotland|Aye, the whisky was older than both of us put together.
EOF

# Speed-shifted copies of training lines only (SpeechDetectionEval keeps every third French prompt,
# the ALSA names and LJ050-0131 for tuning, and never trains on them).
i=0
for line in "$out"/speech/en_US_*.wav "$out"/speech/es_MX_*.wav "$out"/speech/espeak_*.wav; do
  i=$((i + 1))
  case $((i % 4)) in
    0) speed=0.8 ;;
    1) speed=0.87 ;;
    2) speed=1.12 ;;
    *) continue ;;
  esac
  sox "$line" "$out/speech/aug${speed}_$(basename "$line")" speed "$speed"
done

cp "$out"/pkgs/usr/share/scummvm/drascula/audio/*.ogg "$out/music/"
for track in "$out"/pkgs/usr/share/games/asc/music/*.mp3; do cp "$track" "$out/music/asc_$(basename "$track")"; done
echo "speech lines: $(ls "$out/speech" | wc -l), music tracks: $(ls "$out/music" | wc -l)"
