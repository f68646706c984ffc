#!/usr/bin/env python3
"""Generate Cuesmith's demo project: one 60-second film scene, two picture cuts, dialogue, score.

Usage:  python3 resources/demo/make_demo.py OUT_DIR

Writes into OUT_DIR:
  scene_v1.edl, scene_v2.edl      copies of the hand-authored CMX3600 EDLs beside this script
  dialogue.wav                    mono 48 kHz 24-bit BWF, starts at 01:00:00:00, covers cut v1
  reference.mov                   640x360 H.264 + PCM dialogue, burnt-in timecode and clip names
  cues/<cue>_<title>_v1_<STEM>.wav  three cues x four stems (STR BRS PRC ELX), stereo 48k/24 BWF
  midi/<same name>.mid            the MIDI each stem was rendered from (tempo map for tests)
  manifest.json                   what was made, where everything sits, in exact integer samples

Picture: "THE LAST FERRY", scene 12. 23.976 fps (24000/1001), NON-DROP timecode counted at
24 labels a second, picture start 01:00:00:00. Cut v1: 10 shots, all cuts except a 24-frame
dissolve into event 006, 1440 frames (01:00:00:00-01:01:00:00), four LOC markers (hits).

What changed from scene_v1.edl to scene_v2.edl (a real re-cut; RECUT below is checked against
the EDLs on every run, resources/demo/README.md says the same in prose):
  1. NEW SHOT   A002C004 (src 15:10:02:04-15:10:04:16, 60 frames) inserted after A002C001:
                v2 event 003 at 01:00:10:18; everything after it moves 60 frames later.
  2. TRIM       B003C001 (v1 event 008, v2 event 008) loses 48 frames at its tail:
                src out 20:02:39:08 -> 20:02:37:08 (216 -> 168 frames).
  3. MOVE       A005C003 (v1 event 007, rec 01:00:32:00) moved to after B003C001:
                v2 event 009, rec 01:00:41:12.
  Net record shift of each v1 shot: 001-002 0; 003-006 (A003C004 B002C002 A004C002 A005C001)
  +60; B003C001 -36; A005C003 +228; A006C002 A006C005 +12. Markers follow their shots:
  DOOR SLAM 0, HAND ON RAIL +228, SHE LOOKS BACK -36, FERRY HORN +12 frames.
  Cut v2 is 1452 frames (ends 01:01:00:12).

All sample positions are integers at 48 kHz counted from midnight, computed with integer
arithmetic only: at 23.976 one frame is exactly 1001*48000/24000 = 2002 samples, so
01:00:00:00 = frame 86400 = sample 172972800.

Deterministic: no randomness, no clocks; ffmpeg runs with +bitexact, sox with -R. Idempotent: if
OUT_DIR/manifest.json is newer than this script and both EDLs, nothing is done.
Needs ffmpeg, sox, fluidsynth + fluid-soundfont-gm, espeak-ng, fonts-dejavu-core
(scripts/install-deps installs them).
"""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
EDL_FILES = ("scene_v1.edl", "scene_v2.edl")
SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2"   # from fluid-soundfont-gm
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # from fonts-dejavu-core
TOOLS = ("ffmpeg", "ffprobe", "sox", "fluidsynth", "espeak-ng")

TITLE = "The Last Ferry - Scene 12"
RATE_NUM, RATE_DEN = 24000, 1001   # 23.976 picture
TC_FPS = 24                        # ... whose non-drop timecode counts 24 labels a second
SAMPLE_RATE = 48000
PICTURE_START = "01:00:00:00"
MOVIE = "reference.mov"            # QuickTime, so the dialogue can ride along as exact PCM
DIALOGUE = "dialogue.wav"

FFMPEG = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
# Output options for every ffmpeg call (they must follow the inputs): no encoder version
# strings or creation times, so the output bytes repeat from run to run.
BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]


# ---------------------------------------------------------------------------------------------
# Timecode: exact integer arithmetic only. Floating seconds drift and are how sync gets lost.

SAMPLES_PER_FRAME = RATE_DEN * SAMPLE_RATE // RATE_NUM
assert SAMPLES_PER_FRAME * RATE_NUM == RATE_DEN * SAMPLE_RATE  # 2002, no remainder at 23.976


def tc_to_frames(tc):
    """Non-drop timecode label -> frame count since midnight."""
    h, m, s, f = (int(x) for x in tc.split(":"))
    if not (m < 60 and s < 60 and f < TC_FPS):
        raise ValueError(f"bad timecode {tc}")
    return ((h * 60 + m) * 60 + s) * TC_FPS + f


def frames_to_tc(frames):
    f = frames % TC_FPS
    s = frames // TC_FPS
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}:{f:02d}"


def frames_to_samples(frames):
    return frames * RATE_DEN * SAMPLE_RATE // RATE_NUM


def tc_to_samples(tc):
    return frames_to_samples(tc_to_frames(tc))


def us_per_quarter(bpm):
    """MIDI tempo is whole microseconds a beat: 84 bpm is 714286, not 714285.714..."""
    return (60_000_000 + bpm // 2) // bpm


def beats_to_samples(beats, tempo_us):
    """Musical time -> samples at a MIDI tempo, rounded to the nearest sample."""
    return (beats * tempo_us * SAMPLE_RATE + 500_000) // 1_000_000


def back_timed(hit_tc, bpm, beats):
    """The start timecode that puts `beats` beats of music before a hit, to the nearest frame."""
    lead = beats_to_samples(beats, us_per_quarter(bpm))
    return frames_to_tc(tc_to_frames(hit_tc) - (lead + SAMPLES_PER_FRAME // 2) // SAMPLES_PER_FRAME)


# ---------------------------------------------------------------------------------------------
# EDL: just enough CMX3600 to read our own two files and prove they say what RECUT says.

@dataclass
class Shot:
    event: int
    reel: str
    clip: str
    src_in: int       # frames; record and source outs are exclusive
    src_out: int
    rec_in: int
    rec_out: int
    transition: str   # "C" or "D"
    transition_frames: int


@dataclass
class Marker:
    frame: int
    colour: str
    name: str
    reel: str         # the shot the marker was written under: it travels with that shot


@dataclass
class Edl:
    title: str
    shots: list
    markers: list

    @property
    def end(self):
        return self.shots[-1].rec_out

    def shot(self, reel):
        return next(s for s in self.shots if s.reel == reel)


def parse_edl(path):
    title, shots, markers = "", [], []
    pending_outgoing = None
    with open(path, encoding="ascii") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("TITLE:"):
                title = line[6:].strip()
            elif line.startswith("* FROM CLIP NAME:") and shots:
                if shots[-1].transition == "C":
                    shots[-1].clip = line.split(":", 1)[1].strip()
            elif line.startswith("* TO CLIP NAME:") and shots:
                shots[-1].clip = line.split(":", 1)[1].strip()
            elif line.startswith("* LOC:"):
                tc, colour, name = line[6:].split(None, 2)
                markers.append(Marker(tc_to_frames(tc), colour, name.strip(), shots[-1].reel))
            elif line[:3].isdigit():
                tok = line.split()
                trans = tok[3]
                frames = int(tok[4]) if trans != "C" else 0
                src_in, src_out, rec_in, rec_out = (tc_to_frames(t) for t in tok[-4:])
                if rec_in == rec_out:
                    # First line of a dissolve: the outgoing shot, zero length, run on by handles.
                    pending_outgoing = (tok[1], src_in)
                    continue
                if trans == "D":
                    prev = shots[-1]
                    assert pending_outgoing == (prev.reel, prev.src_out), f"{path}: dissolve from?"
                shots.append(Shot(int(tok[0]), tok[1], "", src_in, src_out, rec_in, rec_out,
                                  trans[0], frames))
                pending_outgoing = None
    return Edl(title, shots, markers)


def check_edl(edl, path):
    """Contiguous record side from picture start, no speed changes, markers inside their shot."""
    expect = tc_to_frames(PICTURE_START)
    for s in edl.shots:
        assert s.rec_in == expect, f"{path}: event {s.event} not contiguous"
        assert s.src_out - s.src_in == s.rec_out - s.rec_in, f"{path}: event {s.event} speed"
        assert s.clip.startswith(s.reel), f"{path}: event {s.event} clip name"
        expect = s.rec_out
    for m in edl.markers:
        s = edl.shot(m.reel)
        assert s.rec_in <= m.frame < s.rec_out, f"{path}: marker {m.name} outside its shot"


# What the editor did between v1 and v2. Checked against the EDLs; copied into the manifest.
RECUT = [
    {"change": "insert", "reel": "A002C004", "clip": "A002C004_230911_R1AB.MOV",
     "after_reel": "A002C001", "v2_event": 3, "src_in": "15:10:02:04", "src_out": "15:10:04:16",
     "frames": 60, "v2_rec_in": "01:00:10:18"},
    {"change": "trim", "reel": "B003C001", "v1_event": 8, "v2_event": 8, "edge": "tail",
     "frames": 48, "v1_src_out": "20:02:39:08", "v2_src_out": "20:02:37:08"},
    {"change": "move", "reel": "A005C003", "v1_event": 7, "v2_event": 9,
     "after_reel": "B003C001", "v1_rec_in": "01:00:32:00", "v2_rec_in": "01:00:41:12"},
]


def check_recut(v1, v2):
    """Apply RECUT to v1's shots and require v2's shots and markers to come out."""
    order = [(s.reel, s.src_in, s.src_out) for s in v1.shots]
    index = {reel: i for i, (reel, _, _) in enumerate(order)}
    for c in RECUT:
        if c["change"] == "insert":
            pos = [r for r, _, _ in order].index(c["after_reel"]) + 1
            order.insert(pos, (c["reel"], tc_to_frames(c["src_in"]), tc_to_frames(c["src_out"])))
        elif c["change"] == "trim":
            i = [r for r, _, _ in order].index(c["reel"])
            reel, src_in, src_out = order[i]
            assert v1.shots[index[reel]].event == c["v1_event"]
            assert src_out == tc_to_frames(c["v1_src_out"])
            order[i] = (reel, src_in, src_out - c["frames"])
            assert order[i][2] == tc_to_frames(c["v2_src_out"])
        elif c["change"] == "move":
            assert v1.shot(c["reel"]).rec_in == tc_to_frames(c["v1_rec_in"])
            item = order.pop([r for r, _, _ in order].index(c["reel"]))
            order.insert([r for r, _, _ in order].index(c["after_reel"]) + 1, item)
    got = [(s.reel, s.src_in, s.src_out) for s in v2.shots]
    assert got == order, "scene_v2.edl does not match RECUT"
    for c in RECUT:
        s = v2.shot(c["reel"])
        assert s.event == c["v2_event"], c
        if "v2_rec_in" in c:
            assert s.rec_in == tc_to_frames(c["v2_rec_in"]), c
    # Markers keep their offset inside their shot.
    assert [m.name for m in v1.markers] and len(v1.markers) == len(v2.markers)
    for m1 in v1.markers:
        m2 = next(m for m in v2.markers if m.name == m1.name)
        assert m2.reel == m1.reel
        assert m2.frame - v2.shot(m2.reel).rec_in == m1.frame - v1.shot(m1.reel).rec_in, m1.name


# ---------------------------------------------------------------------------------------------
# Running tools and checking what they wrote.

def run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, **kw)
    if result.returncode != 0:
        sys.stderr.write(f"make_demo: failed: {' '.join(cmd)}\n")
        sys.stderr.write(result.stderr.decode(errors="replace")[-3000:])
        sys.exit(1)
    return result


def wav_info(path):
    """(channels, rate, bits, frames, bext TimeReference or None) read from the RIFF chunks."""
    with open(path, "rb") as fh:
        data = fh.read()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE", path
    pos, info, time_ref = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            _, channels, rate, _, align, bits = struct.unpack("<HHIIHH", body[:16])
            info = (channels, rate, bits, align)
        elif cid == b"bext":
            # Description 256, Originator 32, OriginatorReference 32, Date 10, Time 8, then u64.
            time_ref = struct.unpack("<Q", body[338:346])[0]
        elif cid == b"data":
            frames = size // info[3]
        pos += 8 + size + (size & 1)
    return info[0], info[1], info[2], frames, time_ref


def write_bwf(src_args, out, time_reference, description, filters=None):
    """Re-encode to 24-bit PCM BWF with a bext TimeReference, then prove it landed."""
    cmd = FFMPEG + src_args + BITEXACT + ["-map_metadata", "-1"]
    if filters:
        cmd += ["-af", filters]
    cmd += ["-c:a", "pcm_s24le", "-write_bext", "1",
            "-metadata", f"time_reference={time_reference}",
            "-metadata", f"description={description}",
            "-metadata", "originator=Cuesmith demo", out]
    run(cmd)
    got = wav_info(out)[4]
    assert got == time_reference, f"{out}: bext TimeReference {got} != {time_reference}"


# ---------------------------------------------------------------------------------------------
# Dialogue: espeak-ng lines at known timecodes inside one mono BWF covering the scene.

@dataclass(frozen=True)
class Line:
    start_tc: str
    speaker: str
    voice: str        # espeak-ng voice (+variant); different speakers, different voices
    pitch: int
    speed: int        # words per minute
    text: str


DIALOGUE_LINES = [
    Line("01:00:07:12", "MARA", "en-us+f3", 60, 150, "Is this the last ferry tonight?"),
    Line("01:00:11:00", "TICKET MAN", "en-gb", 30, 160, "Last one. Leaves in ten minutes."),
    Line("01:00:14:00", "MARA", "en-us+f3", 60, 150, "One ticket, please. One way."),
    Line("01:00:17:00", "TICKET MAN", "en-gb", 30, 165, "You're not from around here, are you?"),
    Line("01:00:27:12", "DECKHAND", "en-gb-scotland+m3", 45, 155,
         "Mind the rail, miss. It gets rough out there."),
    Line("01:00:48:00", "MARA", "en-us+f3", 55, 140, "There it is. Home."),
]

SPEECH_THRESHOLD = 265       # about -50 dBFS in 16-bit: where a line's speech starts and ends
SPEECH_MARGIN = 96           # keep 2 ms before onset / after the end so consonants are not cut


def render_line(line, work, n):
    """One line as 16-bit mono 48 kHz samples, silence cut off both ends: sample 0 = first word.

    espeak-ng speaks at 22050 Hz in 16 bits; keeping 16-bit values avoids a second requantisation.
    """
    raw22 = os.path.join(work, f"line{n}.wav")
    raw48 = os.path.join(work, f"line{n}.s16")
    run(["espeak-ng", "-v", line.voice, "-p", str(line.pitch), "-s", str(line.speed),
         "-w", raw22, line.text])
    # Resample to 48 kHz and level each line to the same peak; -R keeps sox repeatable.
    run(["sox", "-R", "-D", raw22, "-t", "raw", "-e", "signed-integer", "-b", "16",
         "-r", str(SAMPLE_RATE), "-c", "1", raw48, "highpass", "80", "rate", "-v",
         str(SAMPLE_RATE), "gain", "-n", "-4"])
    with open(raw48, "rb") as fh:
        pcm = fh.read()
    samples = struct.unpack(f"<{len(pcm) // 2}h", pcm)
    loud = [i for i, v in enumerate(samples) if abs(v) >= SPEECH_THRESHOLD]
    first, last = max(0, loud[0] - SPEECH_MARGIN), min(len(samples), loud[-1] + SPEECH_MARGIN)
    return samples[first:last]


def make_dialogue(out_dir, work, scene_frames):
    length = frames_to_samples(scene_frames)
    origin = tc_to_samples(PICTURE_START)
    # 24-bit little-endian: a 16-bit sample s becomes bytes (0, lo, hi) - exact, no rescaling.
    track = bytearray(3 * length)
    placed, previous_end = [], 0
    for n, line in enumerate(DIALOGUE_LINES, 1):
        samples = render_line(line, work, n)
        start = tc_to_samples(line.start_tc)
        offset = start - origin
        assert offset >= previous_end, f"dialogue line {n} overlaps line {n - 1}"
        assert offset + len(samples) <= length, f"dialogue line {n} runs past the scene"
        pcm16 = struct.pack(f"<{len(samples)}h", *samples)
        widened = bytearray(3 * len(samples))
        widened[1::3], widened[2::3] = pcm16[0::2], pcm16[1::2]
        track[3 * offset:3 * (offset + len(samples))] = widened
        previous_end = offset + len(samples)
        placed.append({"speaker": line.speaker, "text": line.text, "start_tc": line.start_tc,
                       "start_sample": start, "end_sample": start + len(samples)})
    raw = os.path.join(work, "dialogue.s24")
    with open(raw, "wb") as fh:
        fh.write(track)
    write_bwf(["-f", "s24le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", raw],
              os.path.join(out_dir, DIALOGUE), origin, "The Last Ferry sc12 dialogue")
    return placed


# ---------------------------------------------------------------------------------------------
# Reference movie: test pattern, a hue per shot so cuts show, clip names and markers from v1,
# burnt-in timecode, dialogue as PCM, start timecode in the file's tmcd track.

def drawtext(text, x, y, size, enable=None, colour="white", box="black@0.6"):
    opts = [f"fontfile={FONT}", f"text='{text}'", f"x={x}", f"y={y}", f"fontsize={size}",
            f"fontcolor={colour}", "box=1", f"boxcolor={box}", "boxborderw=4"]
    if enable:
        opts.append(f"enable='{enable}'")
    return "drawtext=" + ":".join(opts)


def movie_filter(v1):
    start = tc_to_frames(PICTURE_START)
    frames = v1.end - start
    hue = "0"
    for i, s in enumerate(v1.shots):    # nested if(), latest cut outermost: a hue per shot
        hue = f"if(gte(n,{s.rec_in - start}),{i * 67 % 360},{hue})"
    chain = [f"testsrc2=size=640x360:rate={RATE_NUM}/{RATE_DEN}",
             f"trim=end_frame={frames}",   # ends the picture exactly where the dialogue ends
             f"hue=h='{hue}'",
             drawtext("THE LAST FERRY  SC 12  CUT V1", "w-tw-10", 10, 18)]
    for s in v1.shots:
        first, last = s.rec_in - start, s.rec_out - start - 1
        label = f"{s.event:03d}  {s.clip}" + (f"  (D {s.transition_frames})"
                                               if s.transition == "D" else "")
        chain.append(drawtext(label, 10, 44, 18, f"between(n,{first},{last})"))
    for m in v1.markers:                               # half a second of label at each hit
        f = m.frame - start
        chain.append(drawtext(m.name, "(w-tw)/2", 150, 30, f"between(n,{f},{f + 11})",
                              "yellow", "red@0.8"))
    tc = PICTURE_START.replace(":", r"\:")
    chain.append(f"drawtext=fontfile={FONT}:timecode='{tc}':rate={RATE_NUM}/{RATE_DEN}"
                 ":fontsize=32:fontcolor=white:box=1:boxcolor=black@0.8:boxborderw=6"
                 ":x=(w-tw)/2:y=h-th-16")
    return ",".join(chain)


def make_movie(out_dir, v1):
    frames = v1.end - tc_to_frames(PICTURE_START)
    out = os.path.join(out_dir, MOVIE)
    run(FFMPEG + ["-f", "lavfi", "-i", movie_filter(v1),
                  "-i", os.path.join(out_dir, DIALOGUE),
                  "-map", "0:v", "-map", "1:a"] + BITEXACT + [
                  # Small, quick, a keyframe every second for scrubbing; fixed thread count
                  # because x264 output depends on it.
                  "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-g", "24",
                  "-pix_fmt", "yuv420p", "-threads", "2",
                  "-c:a", "pcm_s24le", "-timecode", PICTURE_START, "-map_metadata", "-1", out])


# ---------------------------------------------------------------------------------------------
# Standard MIDI files, written by hand: one format-0 file per stem.

PPQ = 480
BAR = 4 * PPQ                      # every cue is in 4/4


def vlq(n):
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    return bytes(reversed(out))


@dataclass
class Part:
    """One instrument on one MIDI channel."""
    channel: int
    program: int
    notes: list = field(default_factory=list)        # (tick, length, pitch, velocity)
    controllers: list = field(default_factory=list)  # (tick, cc, value)
    volume: int = 100
    pan: int = 64
    reverb: int = 50


def smf_bytes(name, us_per_quarter, parts, end_tick):
    # (tick, order, bytes): at equal ticks meta/setup first, note-offs before note-ons.
    events = [(0, 0, b"\xff\x03" + vlq(len(name)) + name.encode("ascii")),
              (0, 0, b"\xff\x51\x03" + us_per_quarter.to_bytes(3, "big")),
              (0, 0, b"\xff\x58\x04\x04\x02\x18\x08")]            # 4/4
    for p in parts:
        ch = p.channel
        events += [(0, 1, bytes([0xC0 | ch, p.program])),
                   (0, 1, bytes([0xB0 | ch, 7, p.volume])),
                   (0, 1, bytes([0xB0 | ch, 10, p.pan])),
                   (0, 1, bytes([0xB0 | ch, 91, p.reverb]))]
        events += [(t, 2, bytes([0xB0 | ch, cc, v])) for t, cc, v in p.controllers]
        for tick, length, key, vel in p.notes:
            events.append((tick, 4, bytes([0x90 | ch, key, vel])))
            events.append((tick + length, 3, bytes([0x80 | ch, key, 0])))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    track, now = bytearray(), 0
    for tick, _, msg in events:
        track += vlq(tick - now) + msg
        now = tick
    track += vlq(max(0, end_tick - now)) + b"\xff\x2f\x00"
    return (b"MThd" + struct.pack(">IHHH", 6, 0, 1, PPQ) +
            b"MTrk" + struct.pack(">I", len(track)) + bytes(track))


# ---------------------------------------------------------------------------------------------
# A little music theory: chords by name, voiced into a range; parts built bar by bar.

NOTE = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


def pitch(name):
    """'Bb3' -> 58 (C4 = 60)."""
    pc = NOTE[name[0]] + name[1:].count("#") - name[1:].count("b")
    return 12 * (int(name.lstrip("ABCDEFG#b")) + 1) + pc


def chord_classes(chord):
    """'Dm' -> [2, 5, 9]: root, third, fifth as pitch classes."""
    minor = chord.endswith("m")
    root = NOTE[chord[0]] + chord[1:].count("#") - chord[1:].count("b")
    return [root % 12, (root + (3 if minor else 4)) % 12, (root + 7) % 12]


def voiced(chord, low, high):
    """Every chord tone between two MIDI pitches, inclusive."""
    pcs = chord_classes(chord)
    return [p for p in range(low, high + 1) if p % 12 in pcs]


def root_in(chord, low):
    """The chord's root at or just above a pitch."""
    r = chord_classes(chord)[0]
    return low + (r - low) % 12


def at(bar, beat=1):
    """Tick of a bar and beat, both counted from 1 like a musician (beat may be 2.5)."""
    return (bar - 1) * BAR + int((beat - 1) * PPQ)


def level(vel, bar, bars):
    """A fixed velocity, or a (start, end) crescendo spread over the cue's bars."""
    if isinstance(vel, int):
        return vel
    start, end = vel
    return round(start + (end - start) * (bar - 1) / max(1, bars - 1))


def each_bar(chords, bars):
    """(bar number from 1, chord) for the bars asked for, or all of them."""
    return [(b, c) for b, c in enumerate(chords, 1) if bars is None or b in bars]


def pads(chords, low, high, vel, bars=None, hold=BAR - 40):
    """The bar's chord held, every chord tone in the range."""
    return [(at(b), hold, p, level(vel, b, len(chords)))
            for b, chord in each_bar(chords, bars) for p in voiced(chord, low, high)]


def stabs(chords, low, high, vel, beats, length, bars=None):
    """Short chords on the given beats of each bar."""
    return [(at(b, beat), length, p, level(vel, b, len(chords)))
            for b, chord in each_bar(chords, bars) for beat in beats
            for p in voiced(chord, low, high)]


def roots(chords, low, vel, bars=None, length=BAR - 40):
    """The bar's root, once, at or just above a pitch."""
    return [(at(b), length, root_in(chord, low), level(vel, b, len(chords)))
            for b, chord in each_bar(chords, bars)]


def arpeggio(chords, low, high, step, vel, bars=None, pattern=(0, 1, 2, 3, 2, 1)):
    """Chord tones in even steps (ticks); pattern indexes the tones from the bottom."""
    notes = []
    for b, chord in each_bar(chords, bars):
        tones = voiced(chord, low, high)
        for i, t in enumerate(range(0, BAR, step)):
            notes.append((at(b) + t, step - 20, tones[pattern[i % len(pattern)] % len(tones)],
                          level(vel, b, len(chords))))
    return notes


def melody(phrase):
    """[(bar, beat, beats long, 'A3', velocity)]."""
    return [(at(bar, beat), int(beats * PPQ) - 30, pitch(n), v)
            for bar, beat, beats, n, v in phrase]


def chord_at(chord, bar, beats, low, high, vel, beat=1):
    """One chord, once: a hit or a final chord."""
    return [(at(bar, beat), int(beats * PPQ), p, vel) for p in voiced(chord, low, high)]


def drums(bars, pattern, vel):
    """pattern: {GM drum key: [beats in the bar]}; vel a number or a (start, end) crescendo."""
    bars = list(bars)
    return [(at(b, beat), PPQ // 2, key, level(vel, i + 1, len(bars)))
            for i, b in enumerate(bars) for key, beats in pattern.items() for beat in beats]


# General MIDI programs (0-based) and drum keys used below.
STRINGS, SLOW_STRINGS, CELLO = 48, 49, 42
HORN, TROMBONE, BRASS = 60, 57, 61
SYNTH_BASS, NEW_AGE, WARM_PAD, SWEEP_PAD = 38, 88, 89, 95
KICK, BASS_DRUM, LOW_TOM, TOM_2, MID_TOM, HI_TOM = 35, 36, 41, 43, 45, 47
CRASH, CRASH_2, HAT = 49, 57, 42
DRUM_CH = 9                         # GM channel 10


def arrival(chords):
    """1M01: a slow D-minor opening that ends open, on A, handing over to 1M02."""
    return {
        "STR": [Part(0, STRINGS, pads(chords, 57, 74, (50, 88)), reverb=70),
                Part(1, CELLO, roots(chords, 38, (60, 88)), pan=50, reverb=60)],
        "BRS": [Part(0, HORN, melody([
                    (3, 1, 2, "A3", 70), (3, 3, 2, "C4", 72), (4, 1, 3, "G3", 74),
                    (4, 4, 1, "E3", 70), (5, 1, 2, "F3", 80), (5, 3, 2, "A3", 84),
                    (6, 1, 4, "F3", 86), (7, 1, 2, "G3", 90), (7, 3, 2, "Bb3", 92),
                    (8, 1, 3, "A3", 95)]), pan=74),
                Part(1, TROMBONE, roots(chords, 38, (55, 80), bars=range(5, 9)), pan=80)],
        "PRC": [Part(DRUM_CH, 0,
                     drums(range(3, 8), {KICK: [1], LOW_TOM: [3], MID_TOM: [4.5]}, (55, 85)) +
                     drums([5], {CRASH: [1]}, 70) +
                     drums([8], {KICK: [1], LOW_TOM: [1, 1.5, 2], TOM_2: [2.5, 3]}, 85),
                     volume=127, reverb=45)],
        "ELX": [Part(0, WARM_PAD, pads(chords, 50, 65, 60), pan=40, reverb=80),
                Part(1, NEW_AGE, arpeggio(chords, 62, 81, PPQ // 2, 55), pan=88, reverb=80)],
    }


def crossing(chords):
    """1M02: driving A-minor ostinato for the ferry at sea; brass joins at bar 5."""
    last = len(chords)
    body = range(1, last)
    return {
        "STR": [Part(0, STRINGS, arpeggio(chords, 45, 64, PPQ // 2, 80, bars=body,
                                          pattern=(0, 2, 3, 2)) +
                     pads(chords, 45, 64, 90, bars=[last], hold=3 * PPQ), reverb=50),
                Part(1, SLOW_STRINGS, pads(chords, 64, 79, 72, bars=range(5, last + 1)),
                     pan=80, reverb=70)],
        "BRS": [Part(0, BRASS, stabs(chords, 55, 70, 88, [1], PPQ - 60, bars=range(5, last)) +
                     stabs(chords, 55, 70, 78, [2.5], PPQ // 2 - 40, bars=range(5, last)) +
                     pads(chords, 55, 70, 95, bars=[last], hold=3 * PPQ), pan=70),
                Part(1, TROMBONE, roots(chords, 40, 80, bars=range(9, last + 1)), pan=54)],
        "PRC": [Part(DRUM_CH, 0,
                     drums(range(1, last + 1), {MID_TOM: [1.5, 2.5, 3.5, 4.5], HI_TOM: [2, 4]},
                           60) +
                     drums(range(5, last), {BASS_DRUM: [1, 2.5, 3],
                                            HAT: [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]}, 75) +
                     drums([1, 5, 9], {CRASH: [1]}, 80) +
                     drums([last], {BASS_DRUM: [1], CRASH: [1]}, 95), volume=127, reverb=35)],
        "ELX": [Part(0, SYNTH_BASS, arpeggio(chords, 33, 45, PPQ // 4, 70, bars=body,
                                             pattern=(0, 0, 0, 1)) +
                     roots(chords, 33, 80, bars=[last], length=3 * PPQ), reverb=30),
                Part(1, WARM_PAD, pads(chords, 57, 72, 55), pan=30, reverb=80)],
    }


def landfall(chords):
    """1M03: four bars of build in D minor, then D major on the ferry horn (bar 5, beat 1)."""
    build, hit = range(1, 5), 5
    # Expression (CC11) climbs through the build so the strings swell into the hit.
    swell = [(t, 11, 50 + 77 * t // at(hit)) for t in range(0, at(hit), PPQ // 2)]
    return {
        "STR": [Part(0, SLOW_STRINGS, pads(chords, 57, 76, 90, bars=build) +
                     chord_at("D", hit, 3, 50, 78, 110),
                     controllers=swell + [(at(hit), 11, 127)], volume=85, reverb=70),
                Part(1, CELLO, arpeggio(chords, 38, 50, PPQ // 2, (60, 100), bars=build,
                                        pattern=(0, 0)) +
                     melody([(hit, 1, 3, "D2", 112)]), pan=50)],
        "BRS": [Part(0, BRASS, pads(chords, 55, 69, (55, 80), bars=[3, 4]) +
                     chord_at("D", hit, 2, 54, 74, 118), volume=85, pan=72),
                Part(1, TROMBONE, melody([(hit, 1, 2, "D2", 115), (hit, 1, 2, "A2", 115)]),
                     volume=85, pan=56)],
        "PRC": [Part(DRUM_CH, 0,
                     drums([1], {LOW_TOM: [1, 2, 3, 4]}, 50) +
                     drums([2], {LOW_TOM: [1, 2, 3, 4, 4.5]}, 65) +
                     drums([3], {LOW_TOM: [1, 2, 3, 4], TOM_2: [1.5, 2.5, 3.5, 4.5]}, 80) +
                     drums([4], {MID_TOM: [1 + i / 2 for i in range(8)],
                                 HI_TOM: [1.25 + i / 2 for i in range(8)]}, 100) +
                     drums([hit], {KICK: [1], BASS_DRUM: [1], LOW_TOM: [1], CRASH: [1],
                                   CRASH_2: [1]}, 120), volume=110, reverb=50)],
        # The sweep pad is by far the loudest GM program here: keep it well down.
        "ELX": [Part(0, SWEEP_PAD, melody([(b, 1, 4, n, 70) for b in build for n in ("D2", "A2")]) +
                     chord_at("D", hit, 3, 50, 69, 90), volume=55, reverb=90),
                Part(1, NEW_AGE, arpeggio(chords, 62, 86, PPQ // 4, (45, 75), bars=[3, 4],
                                          pattern=(0, 1, 2, 3, 4, 5, 6, 7)), volume=70,
                     pan=90, reverb=80)],
    }


@dataclass(frozen=True)
class Cue:
    number: str
    title: str
    start_tc: str
    bpm: int
    chords: tuple     # one per bar; the cue is exactly len(chords) bars long
    compose: object
    sync: tuple = ()  # (marker name, bar, beat): a picture hit the music lands on
    synth_gain: str = "0.5"   # fluidsynth -g: keeps the four stems' sum below full scale

    @property
    def us_per_quarter(self):
        return us_per_quarter(self.bpm)

    @property
    def length_samples(self):
        return beats_to_samples(4 * len(self.chords), self.us_per_quarter)


VERSION = "v1"
STEMS = ("STR", "BRS", "PRC", "ELX")

# 1M03 is back-timed from the ferry horn: four bars of 84 bpm are 274.01 frames, so starting
# 274 frames before the horn puts bar 5 beat 1 on it, half a millisecond late.
CUES = [
    Cue("1M01", "Arrival", "01:00:02:00", 96,
        ("Dm", "Bb", "F", "C", "Dm", "Bb", "Gm", "A"), arrival),
    Cue("1M02", "Crossing", "01:00:20:00", 120,           # on the cut to the ferry deck
        ("Am", "F", "C", "G", "Am", "F", "Dm", "E", "Am", "F", "G", "Am"), crossing),
    Cue("1M03", "Landfall", back_timed("01:00:55:00", 84, 16), 84,
        ("Dm", "Bb", "Gm", "A", "D"), landfall, ("FERRY HORN", 5, 1), "0.3"),
]

FADE_OUT = 4800     # 100 ms: the exact-length trim must not click if a tail still rings


def stem_name(cue, stem):
    return f"{cue.number}_{cue.title}_{VERSION}_{stem}"


def render_stem(cue, stem, parts, out_dir, work):
    """MIDI -> fluidsynth -> exact cue length, stereo 48k/24 BWF at the cue's start."""
    name = stem_name(cue, stem)
    mid = os.path.join(out_dir, "midi", name + ".mid")
    end_tick = (len(cue.chords) + 1) * BAR          # one spare bar so fluidsynth renders enough
    with open(mid, "wb") as fh:
        fh.write(smf_bytes(name, cue.us_per_quarter, parts, end_tick))
    synth = os.path.join(work, name + ".wav")
    run(["fluidsynth", "-ni", "-q", "-F", synth, "-T", "wav", "-O", "s24", "-r",
         str(SAMPLE_RATE), "-g", cue.synth_gain, SOUNDFONT, mid])
    n = cue.length_samples
    out = os.path.join(out_dir, "cues", name + ".wav")
    write_bwf(["-i", synth], out, tc_to_samples(cue.start_tc), f"{cue.number} {cue.title} "
              f"{VERSION} {stem}", f"apad=whole_len={n},atrim=end_sample={n},"
              f"afade=t=out:ss={n - FADE_OUT}:ns={FADE_OUT}")
    channels, rate, bits, frames, _ = wav_info(out)
    assert (channels, rate, bits, frames) == (2, SAMPLE_RATE, 24, n), (out, frames)
    return os.path.relpath(out, out_dir)


def make_cue(cue, out_dir, work, v1, pool):
    parts = cue.compose(list(cue.chords))
    futures = [pool.submit(render_stem, cue, s, parts[s], out_dir, work) for s in STEMS]
    entry = {"number": cue.number, "title": cue.title, "version": VERSION,
             "start_tc": cue.start_tc, "time_reference": tc_to_samples(cue.start_tc),
             "length_samples": cue.length_samples, "tempo_bpm": cue.bpm,
             "us_per_quarter": cue.us_per_quarter, "meter": "4/4", "bars": len(cue.chords),
             "chords": list(cue.chords)}
    if cue.sync:
        marker, bar, beat = cue.sync
        hit = next(m for m in v1.markers if m.name == marker)
        offset = beats_to_samples(4 * (bar - 1) + beat - 1, cue.us_per_quarter)
        entry["sync_point"] = {"marker": marker, "marker_tc": frames_to_tc(hit.frame),
                               "marker_sample": frames_to_samples(hit.frame),
                               "bar": bar, "beat": beat, "offset_samples": offset,
                               "sample": entry["time_reference"] + offset}
        # Landing within a frame is the music editor's tolerance; we want far better.
        assert abs(entry["sync_point"]["sample"] - frames_to_samples(hit.frame)) < 48
    return entry, futures


# ---------------------------------------------------------------------------------------------

def up_to_date(out_dir):
    manifest = os.path.join(out_dir, "manifest.json")
    if not os.path.exists(manifest):
        return False
    inputs = [os.path.abspath(__file__)] + [os.path.join(HERE, e) for e in EDL_FILES]
    return os.path.getmtime(manifest) > max(os.path.getmtime(p) for p in inputs)


def check_tools():
    missing = [t for t in TOOLS if shutil.which(t) is None]
    missing += [p for p in (SOUNDFONT, FONT) if not os.path.exists(p)]
    if missing:
        sys.exit(f"make_demo: missing {', '.join(missing)}; run scripts/install-deps")


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: make_demo.py OUT_DIR")
    out_dir = argv[1]
    if up_to_date(out_dir):
        print(f"make_demo: {out_dir} is up to date (manifest.json newer than script and EDLs)")
        return
    check_tools()
    began = time.monotonic()

    edls = [parse_edl(os.path.join(HERE, e)) for e in EDL_FILES]
    for edl, name in zip(edls, EDL_FILES):
        check_edl(edl, name)
    v1, v2 = edls
    check_recut(v1, v2)

    os.makedirs(os.path.join(out_dir, "cues"), exist_ok=True)
    os.makedirs(os.path.join(out_dir, "midi"), exist_ok=True)
    manifest_path = os.path.join(out_dir, "manifest.json")
    if os.path.exists(manifest_path):
        os.remove(manifest_path)       # a half-finished run must never look finished
    for e in EDL_FILES:
        shutil.copyfile(os.path.join(HERE, e), os.path.join(out_dir, e))

    with tempfile.TemporaryDirectory(prefix="make_demo-") as work, \
            ThreadPoolExecutor(max_workers=2) as pool:   # the machine has two cores
        scene_frames = v1.end - tc_to_frames(PICTURE_START)
        lines = make_dialogue(out_dir, work, scene_frames)
        movie = pool.submit(make_movie, out_dir, v1)   # the slow one; stems render beside it
        cues, jobs = [], []
        for cue in CUES:
            entry, futures = make_cue(cue, out_dir, work, v1, pool)
            cues.append(entry)
            jobs.append(futures)
        for entry, futures in zip(cues, jobs):
            entry["stems"] = [f.result() for f in futures]
        movie.result()

    manifest = {
        "title": TITLE,
        "rate": "23.976",
        "rate_rational": [RATE_NUM, RATE_DEN],
        "drop_frame": False,
        "sample_rate": SAMPLE_RATE,
        "picture_start": PICTURE_START,
        "picture_start_sample": tc_to_samples(PICTURE_START),
        "edls": list(EDL_FILES),
        "cuts": [{"edl": name, "title": edl.title, "events": len(edl.shots),
                  "end_tc": frames_to_tc(edl.end), "frames": edl.end - tc_to_frames(PICTURE_START),
                  "markers": [{"name": m.name, "tc": frames_to_tc(m.frame), "colour": m.colour,
                               "reel": m.reel, "sample": frames_to_samples(m.frame)}
                              for m in edl.markers]}
                 for edl, name in zip(edls, EDL_FILES)],
        "recut_v1_to_v2": RECUT,
        "movie": MOVIE,
        "movie_frames": scene_frames,
        "dialogue": DIALOGUE,
        "dialogue_time_reference": tc_to_samples(PICTURE_START),
        "dialogue_length_samples": frames_to_samples(scene_frames),
        "dialogue_lines": lines,
        "cues": cues,
    }
    tmp = manifest_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=2)
        fh.write("\n")
    os.replace(tmp, manifest_path)
    print(f"make_demo: wrote {out_dir} in {time.monotonic() - began:.1f} s")


if __name__ == "__main__":
    main(sys.argv)
