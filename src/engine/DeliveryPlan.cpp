#include "DeliveryPlan.h"

namespace cuesmith {

RenderPlan compileDeliveryPlan(const Session& session, ChannelLayout layout, bool dialogueProcessing,
                               DialogueMaskingCache* cache)
{
    RenderPlan plan = compileRenderPlan(session, layout, dialogueProcessing);
    if (!dialogueProcessing || session.dialogue.empty())
        return plan;
    DialogueMaskingCache local;
    DialogueMaskingCache& measured = cache != nullptr ? *cache : local;
    // Each distinct dialogue band is measured once, region by region; each bus takes the masking of
    // its own band and joins it across its own hold (applyDialogueEq).
    for (const auto& bus : session.buses) {
        if (!bus.eq.enabled)
            continue;
        const std::pair band{bus.eq.lowHz, bus.eq.highHz};
        auto it = measured.find(band);
        if (it == measured.end())
            it = measured.emplace(band, measureDialogueMasking(session, band.first, band.second)).first;
    }
    for (const auto& [band, masking] : measured) {
        Session only = session;
        bool any = false;
        for (auto& b : only.buses) {
            b.eq.enabled = b.eq.enabled && b.eq.lowHz == band.first && b.eq.highHz == band.second;
            any = any || b.eq.enabled;
        }
        if (any)
            applyDialogueEq(plan, only, masking);
    }
    return plan;
}

} // namespace cuesmith
