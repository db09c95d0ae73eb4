// `event-processor plan`: reads one JSON snapshot (file or "-" for stdin), prints the plan as
// JSON on stdout. Bad input: one line on stderr naming the field, exit code 2.
#pragma once

#include <iosfwd>
#include <string>

#include "core/planner.hpp"

namespace ep::app {

int run_plan_command(const std::string& input_path, const core::PlannerOptions& options,
                     std::ostream& out, std::ostream& err);

}  // namespace ep::app
