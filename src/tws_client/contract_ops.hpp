// Contract details for many symbols at once (US stocks, SMART, USD): one reqContractDetails per
// symbol, all in flight together, each answered by its contractDetails + contractDetailsEnd or
// an error (200: unknown symbol -> kInvalidInput). Runs on the calling thread.
#pragma once

#include <span>
#include <vector>

#include "core/broker.hpp"
#include "tws_client/session.hpp"

namespace ep::tws_client {

std::vector<core::Result<core::ContractInfo>> fetch_contract_details(
    Session& session, std::span<const core::Symbol> symbols, Deadline deadline);

}  // namespace ep::tws_client
