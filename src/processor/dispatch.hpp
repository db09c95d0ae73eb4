// Runs the command an event names. A command never throws out of here: an exception (a bug,
// or an allocation failure) becomes a kInternal error, retried later. Processor thread.
#pragma once

#include "processor/command.hpp"

namespace ep::processor {

CommandOutcome run_command(const CommandContext& context);

}  // namespace ep::processor
