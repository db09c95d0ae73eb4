// A random client id in IB's conventional free range, for clients given none (the operator
// commands' own connections). Pure over a caller-owned generator.
#pragma once

#include <random>

namespace ep::tws_client {

constexpr int kMinRandomClientId = 1000;
constexpr int kMaxRandomClientId = 2999;

int random_client_id(std::mt19937_64& rng);

}  // namespace ep::tws_client
