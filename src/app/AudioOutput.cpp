#include "AudioOutput.h"

#include <cstdlib>

namespace cuesmith {

AudioOutput::AudioOutput() = default;

AudioOutput::~AudioOutput()
{
    devices_.removeAudioCallback(this);
    devices_.closeAudioDevice();
}

bool AudioOutput::isOpen() const
{
    return devices_.getCurrentAudioDevice() != nullptr;
}

bool AudioOutput::open(int sampleRate)
{
    devices_.removeAudioCallback(this);
    if (const char* type = std::getenv("CUESMITH_AUDIO_TYPE"); type != nullptr && *type != '\0')
        devices_.setCurrentAudioDeviceType(type, true);
    juce::AudioDeviceManager::AudioDeviceSetup setup;
    setup.sampleRate = sampleRate;
    setup.bufferSize = 512;
    const juce::String error = devices_.initialise(0, 2, nullptr, true, {}, &setup);
    juce::AudioIODevice* device = devices_.getCurrentAudioDevice();
    if (device == nullptr) {
        status_ = "no audio output: " + (error.isNotEmpty() ? error : juce::String("no device found"));
        return false;
    }
    // JACK runs at the server's rate; anything else plays at the wrong speed, so say so.
    const double rate = device->getCurrentSampleRate();
    status_ = devices_.getCurrentAudioDeviceType() + "  " + device->getName() + "  " + juce::String(rate, 0) + " Hz  "
              + juce::String(device->getActiveOutputChannels().countNumberOfSetBits()) + " out  "
              + juce::String(device->getCurrentBufferSizeSamples()) + " frames";
    if (static_cast<int>(rate) != sampleRate)
        status_ << "  (session is " << sampleRate << " Hz: plays off-speed)";
    devices_.addAudioCallback(this);
    return true;
}

// audio thread
void AudioOutput::audioDeviceIOCallbackWithContext(const float* const*, int, float* const* outputs, int numOutputs,
                                                   int numSamples, const juce::AudioIODeviceCallbackContext&)
{
    player_.process(outputs, numOutputs, numSamples);
}

void AudioOutput::audioDeviceAboutToStart(juce::AudioIODevice*) {}

void AudioOutput::audioDeviceStopped() {}

} // namespace cuesmith
