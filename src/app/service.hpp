// `event-processor run`: wires the adapters to the processor and runs until SIGTERM/SIGINT.
// Called once from main with a validated Config; returns the process exit code.
#pragma once

#include "config/config.hpp"

namespace ep::app {

int run_service(const config::Config& config);

}  // namespace ep::app
