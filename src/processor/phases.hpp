// Wall time per phase of a command (allocations, account, contracts, ...), for the outcome
// record. Time comes from the Clock port, so tests see deterministic numbers. One instance per
// command, on the processor thread. An observer, when given, hears each phase as it begins
// (the status board shows it: README "Status page").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"

namespace ep::processor {

class Phases {
 public:
  using Observer = std::function<void(const std::string& phase)>;

  Phases(const core::Clock& clock, std::vector<std::pair<std::string, std::int64_t>>& out,
         Observer observer = {})
      : clock_(clock), out_(out), observer_(std::move(observer)) {}
  ~Phases() { end(); }
  Phases(const Phases&) = delete;
  Phases& operator=(const Phases&) = delete;

  // Ends the running phase (if any) and starts `name`; a repeated name adds to its total.
  void begin(std::string name) {
    end();
    current_ = std::move(name);
    started_ = clock_.monotonic();
    if (observer_) observer_(*current_);
  }

  void end() {
    if (!current_) return;
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_.monotonic() - started_)
            .count();
    for (auto& [name, ms] : out_) {
      if (name == *current_) {
        ms += elapsed;
        current_.reset();
        return;
      }
    }
    out_.emplace_back(*current_, elapsed);
    current_.reset();
  }

 private:
  const core::Clock& clock_;
  std::vector<std::pair<std::string, std::int64_t>>& out_;
  Observer observer_;
  std::optional<std::string> current_;
  core::Deadline started_{};
};

}  // namespace ep::processor
