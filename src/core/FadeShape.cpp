#include "FadeShape.h"

#include <array>

namespace cuesmith {

namespace {

struct ShapeName {
    FadeShape shape;
    std::string_view name;
};

constexpr std::array<ShapeName, 4> kNames{{
    {FadeShape::Linear, "linear"},
    {FadeShape::EqualPower, "equal-power"},
    {FadeShape::SCurve, "s-curve"},
    {FadeShape::EqualGain, "equal-gain"},
}};

} // namespace

std::optional<FadeShape> parseFadeShape(std::string_view name)
{
    for (const auto& n : kNames)
        if (n.name == name)
            return n.shape;
    return std::nullopt;
}

std::string fadeShapeName(FadeShape shape)
{
    for (const auto& n : kNames)
        if (n.shape == shape)
            return std::string(n.name);
    return "linear";
}

std::string fadeShapeNames()
{
    return "linear, equal-power, s-curve or equal-gain";
}

} // namespace cuesmith
