#include "StemGrouping.h"

#include "SessionEdits.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace cuesmith {

namespace {

std::string fileNameOf(const std::string& path)
{
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string upper(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// v3 -> 3, v10 -> 10 (so v10 is newer than v9); no version -> -1.
long versionNumber(const std::string& version)
{
    if (version.size() < 2)
        return -1;
    long n = 0;
    for (size_t i = 1; i < version.size(); ++i)
        n = std::min(n * 10 + (version[i] - '0'), 1000000000L);  // digits only (parseStemFileName)
    return n;
}

struct Named {
    std::string file;
    StemFileName parts;
};

Named parse(const std::string& file)
{
    Named n{file, parseStemFileName(fileNameOf(file))};
    n.parts.cue = upper(n.parts.cue);
    return n;
}

} // namespace

bool looksLikeCueNumber(std::string_view text)
{
    size_t i = 0;
    auto digits = [&] {
        const size_t from = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0)
            ++i;
        return i > from;
    };
    if (!digits() || i >= text.size() || (text[i] != 'M' && text[i] != 'm'))
        return false;
    ++i;
    if (!digits())
        return false;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) != 0)
        ++i;
    return i == text.size();
}

StemGrouping groupStemFilesByCue(const std::vector<std::string>& files)
{
    std::vector<std::string> order;                            // cue numbers, first appearance
    std::map<std::string, std::map<long, StemGroup>> byCue;  // cue -> version number -> files
    for (const auto& file : files) {
        const Named n = parse(file);
        if (!looksLikeCueNumber(n.parts.cue))
            throw StemGroupingError(fileNameOf(file)
                                    + ": the name does not start with a cue number like 2M07 (stems are named "
                                      "<cue>_<title>_<version>_<STEM>.wav)");
        auto& versions = byCue[n.parts.cue];
        if (versions.empty())
            order.push_back(n.parts.cue);
        StemGroup& group = versions[versionNumber(n.parts.version)];
        group.cue = n.parts.cue;
        group.version = n.parts.version;
        for (const auto& other : group.files)
            if (upper(parse(other).parts.stem) == upper(n.parts.stem))
                throw StemGroupingError(fileNameOf(file) + ": cue " + n.parts.cue + " already has a " + n.parts.stem
                                        + " stem (" + fileNameOf(other) + ")");
        group.files.push_back(file);
    }

    StemGrouping result;
    for (const auto& cue : order) {
        auto& versions = byCue[cue];
        const auto newest = std::prev(versions.end());
        result.groups.push_back(newest->second);
        for (auto v = versions.begin(); v != newest; ++v) {
            std::string line = cue + " " + (v->second.version.empty() ? "without a version" : v->second.version) + " ("
                               + newest->second.version + " is newer):";
            for (size_t i = 0; i < v->second.files.size(); ++i)
                line += (i == 0 ? " " : ", ") + fileNameOf(v->second.files[i]);
            result.skipped.push_back(line);
        }
    }
    return result;
}

std::string cueNumberForStems(std::string_view number, const std::vector<std::string>& files)
{
    std::optional<Named> first;  // the first stem whose name carries a cue number
    for (const auto& file : files) {
        const Named n = parse(file);
        if (!looksLikeCueNumber(n.parts.cue))
            continue;  // a name outside the convention says nothing either way
        if (first && n.parts.cue != first->parts.cue)
            throw StemGroupingError("stem " + fileNameOf(file) + " is named for cue " + n.parts.cue + ", "
                                    + fileNameOf(first->file) + " for cue " + first->parts.cue);
        if (first && n.parts.version != first->parts.version)
            throw StemGroupingError("stem " + fileNameOf(file) + " is version "
                                    + (n.parts.version.empty() ? "(none)" : n.parts.version) + " of cue "
                                    + n.parts.cue + ", " + fileNameOf(first->file) + " version "
                                    + (first->parts.version.empty() ? "(none)" : first->parts.version));
        if (!first)
            first = n;
    }
    if (!number.empty())
        return std::string(number);
    if (!first)
        throw StemGroupingError("give the cue number (--number): the stem names do not start with one");
    return first->parts.cue;
}

} // namespace cuesmith
