// Replacement symbols (README, "Replacement symbols"): a strategy's symbol held as another one
// (an IRA that must hold VOO for SPY), with a scale on the weight. Pure: validation of the map
// and the targets it turns a strategy's allocations into. No I/O; any thread.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/domain.hpp"

namespace ep::core {

struct Replacement {
  Symbol original;             // the strategy's symbol
  Symbol replacement;          // the symbol held instead
  double scale = 1.0;          // the replacement's weight = the original's x scale
  bool sell_original = false;  // a held original is sold in favour of the replacement
};

// One line naming the problem, or none: an empty symbol, a symbol replaced twice, a replacement
// that is itself replaced (a chain or a cycle), or a scale outside (0, 10].
std::optional<std::string> validate_replacements(const std::vector<Replacement>& replacements);

struct ReplacedTargets {
  std::vector<TargetAllocation> targets;  // in the strategy's order; merged where two meet
  std::vector<Replacement> applied;       // the entries a target used, for the outcome
  std::set<Symbol> keep_held;             // held originals the plan must leave alone
};

// The strategy's targets with each replaced symbol swapped for its replacement (weight x
// scale, added to the replacement's own weight when the strategy targets it too).
ReplacedTargets apply_replacements(const std::vector<TargetAllocation>& targets,
                                   const std::vector<Replacement>& replacements);

}  // namespace ep::core
