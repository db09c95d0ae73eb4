// The connections of ibsim, by session id (the order they were accepted in), and which of them
// holds each client id. A client id belongs to at most one connection past startApi (a second
// one gets error 326). Orders stay bound to the client id that placed them, not to a
// connection, so their messages go to whichever connection holds that id now: none while the
// client is away, the new one after a reconnect (fills go on meanwhile, as at IB).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/session.hpp"

namespace ep::sim {

class ClientRegistry {
 public:
  void add(std::shared_ptr<Session> session);
  void remove(const Session& session);

  // Connections that are open and past startApi, in the order they were accepted. A copy:
  // callers may send (and so close) while they walk it.
  std::vector<std::shared_ptr<Session>> live() const;
  // The live connection holding `client_id`, or nullptr.
  Session* holder(int client_id) const;
  // The client ids of the live connections (GET /state "clients").
  std::vector<int> client_ids() const;
  // Closes every connection at once (ibsim stopping, or a gateway restart fault).
  void close_all(const std::string& reason);

 private:
  std::map<std::uint64_t, std::shared_ptr<Session>> sessions_;
};

}  // namespace ep::sim
