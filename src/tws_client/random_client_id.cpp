#include "tws_client/random_client_id.hpp"

namespace ep::tws_client {

int random_client_id(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> pick(kMinRandomClientId, kMaxRandomClientId);
  return pick(rng);
}

}  // namespace ep::tws_client
