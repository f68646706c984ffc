#pragma once
// Small pieces every subcommand shares: option parsing for rates and timecodes, and printing.

#include "core/FrameRate.h"
#include "core/Session.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace CLI {
class App;
}

namespace cuesmith {

// A failure the user can fix; main prints "cuesmith: <what>" and exits 1.
class CliError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "23.976", "29.97df", ... ; throws CliError listing the accepted names.
FrameRate parseRateOption(const std::string& text);
std::string acceptedRateNames();

void printJson(const nlohmann::json& value);

// Loudness and peak figures: minus infinity (silence) is null in JSON and "-inf" in text, never
// NaN or a made-up floor; JSON keeps two decimals, text one.
nlohmann::json decibelsJson(const std::optional<double>& value);
std::string decibelsText(const std::optional<double>& value);
void printWarning(const std::string& message);

// "00:00:25:03 (1 201 200 samples)"-style duration text for summaries.
std::string describeDuration(int64_t samples, const Session& session);

// Converts a position counted at one sample rate to another, rounding to the nearest sample.
int64_t convertSampleRate(int64_t samples, int64_t fromRate, int64_t toRate);

void addEdlCommands(CLI::App& app);
void addSessionCommands(CLI::App& app);
void addCueCommands(CLI::App& app);
void addCueImportCommand(CLI::App& cue);  // `cue import`, under the `cue` command

} // namespace cuesmith
