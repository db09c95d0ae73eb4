// Reconnect timing and client-id choice: capped exponential backoff with jitter, and a random
// client id in IB's conventional free range (for clients given none). Pure functions over a
// caller-owned generator; the connection supervisor thread calls them.
#pragma once

#include <chrono>
#include <random>

namespace ep::tws_client {

// min(max, initial * 2^attempt) scaled by a random factor in [0.5, 1]; attempt counts from 0.
std::chrono::milliseconds reconnect_delay(int attempt, std::chrono::milliseconds initial,
                                          std::chrono::milliseconds max, std::mt19937_64& rng);

constexpr int kMinRandomClientId = 1000;
constexpr int kMaxRandomClientId = 2999;

int random_client_id(std::mt19937_64& rng);

}  // namespace ep::tws_client
