#include "app/plan_command.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/plan_io.hpp"

namespace ep::app {

int run_plan_command(const std::string& input_path, const core::PlannerOptions& options,
                     std::ostream& out, std::ostream& err) {
  std::stringstream text;
  if (input_path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream file(input_path);
    if (!file) {
      err << "plan: cannot read " << input_path << "\n";
      return 2;
    }
    text << file.rdbuf();
  }
  auto input = parse_plan_input(text.str());
  if (!input) {
    err << "plan: " << input.error().message << "\n";
    return 2;
  }
  out << plan_to_json(core::make_plan(*input, options)) << "\n";
  return 0;
}

}  // namespace ep::app
