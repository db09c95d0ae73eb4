// SIGTERM/SIGINT handling without async-signal hazards: the signals are blocked in every thread
// (block_shutdown_signals() must run before any thread starts) and one waiter thread receives
// them with sigwait, then calls the callback once. Construct and destroy on the main thread.
#pragma once

#include <functional>
#include <thread>

namespace ep::app {

void block_shutdown_signals();

class ShutdownSignals {
 public:
  explicit ShutdownSignals(std::function<void(int signal)> on_signal);
  ~ShutdownSignals();  // wakes the waiter with SIGUSR1 if no signal came, and joins it
  ShutdownSignals(const ShutdownSignals&) = delete;
  ShutdownSignals& operator=(const ShutdownSignals&) = delete;

 private:
  std::thread waiter_;
};

}  // namespace ep::app
