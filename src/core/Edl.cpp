#include "Edl.h"

namespace cuesmith {

bool EdlEvent::isVideo() const { return channels.find('V') != std::string::npos || channels == "B"; }

bool EdlEvent::isAudio() const
{
    return channels.find('A') != std::string::npos || channels == "B";
}

std::string transitionName(EdlTransition t)
{
    switch (t) {
    case EdlTransition::Cut: return "cut";
    case EdlTransition::Dissolve: return "dissolve";
    case EdlTransition::Wipe: return "wipe";
    case EdlTransition::Key: return "key";
    case EdlTransition::KeyBackground: return "key_background";
    case EdlTransition::KeyOut: return "key_out";
    }
    return "cut";
}

} // namespace cuesmith
