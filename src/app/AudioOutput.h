#pragma once
// The audio device and the player it drives. Opens an output device through JUCE (JACK, ALSA or
// whatever JUCE finds; CUESMITH_AUDIO_TYPE=JACK or =ALSA picks the type) at the session's sample
// rate, and calls Player::process from the device callback. Without a device the window still
// works; status() says why there is no sound. Message thread, except the device callback.

#include "engine/Player.h"

#include <juce_audio_devices/juce_audio_devices.h>

namespace cuesmith {

class AudioOutput final : private juce::AudioIODeviceCallback {
public:
    AudioOutput();
    ~AudioOutput() override;

    // Opens (or re-opens) the output at this sample rate; false when no device could be opened.
    bool open(int sampleRate);
    Player& player() { return player_; }
    // "JACK  system  48000 Hz  2 out  1024 frames", or why there is no device.
    juce::String status() const { return status_; }
    bool isOpen() const;

private:
    void audioDeviceIOCallbackWithContext(const float* const* inputs, int numInputs, float* const* outputs,
                                          int numOutputs, int numSamples,
                                          const juce::AudioIODeviceCallbackContext& context) override;
    void audioDeviceAboutToStart(juce::AudioIODevice* device) override;
    void audioDeviceStopped() override;

    Player player_;
    juce::AudioDeviceManager devices_;
    juce::String status_ = "no audio device opened yet";
};

} // namespace cuesmith
