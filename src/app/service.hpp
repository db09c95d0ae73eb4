// `event-processor run`: wires the adapters to the processor and runs until SIGTERM/SIGINT.
// Called once from main with a validated Config; returns the process exit code. The steps live
// by concern: start-up (service_start.hpp: logging, worker identity, trading-mode gate), the
// wired adapters (service_parts.hpp), the supervisor thread (supervisor.hpp); service.cpp holds
// the order of those steps, the processor thread and the shutdown.
#pragma once

#include "config/config.hpp"

namespace ep::app {

int run_service(const config::Config& config);

}  // namespace ep::app
