#include "core/replacements.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace ep::core {

std::optional<std::string> validate_replacements(const std::vector<Replacement>& replacements) {
  std::map<Symbol, Symbol> by_original;
  for (const auto& entry : replacements) {
    if (entry.original.empty() || entry.replacement.empty()) {
      return "a replacement names an empty symbol";
    }
    if (entry.original == entry.replacement) {
      return fmt::format("{} is replaced by itself", entry.original);
    }
    if (!(entry.scale > 0 && entry.scale <= 10)) {
      return fmt::format("{}: scale must be in (0, 10], got {}", entry.original, entry.scale);
    }
    if (!by_original.emplace(entry.original, entry.replacement).second) {
      return fmt::format("{} is replaced twice", entry.original);
    }
  }
  for (const auto& [original, replacement] : by_original) {
    if (by_original.contains(replacement)) {
      return fmt::format("{} -> {} -> {}: a replacement is itself replaced (a chain or a cycle)",
                         original, replacement, by_original.at(replacement));
    }
  }
  return std::nullopt;
}

ReplacedTargets apply_replacements(const std::vector<TargetAllocation>& targets,
                                   const std::vector<Replacement>& replacements) {
  ReplacedTargets out;
  for (const auto& target : targets) {
    const auto entry =
        std::find_if(replacements.begin(), replacements.end(),
                     [&](const Replacement& r) { return r.original == target.symbol; });
    TargetAllocation replaced = target;
    if (entry != replacements.end()) {
      replaced = {entry->replacement, target.weight * entry->scale};
      out.applied.push_back(*entry);
      if (!entry->sell_original) out.keep_held.insert(entry->original);
    }
    const auto same =
        std::find_if(out.targets.begin(), out.targets.end(),
                     [&](const TargetAllocation& t) { return t.symbol == replaced.symbol; });
    if (same != out.targets.end()) {
      same->weight += replaced.weight;
    } else {
      out.targets.push_back(replaced);
    }
  }
  return out;
}

}  // namespace ep::core
