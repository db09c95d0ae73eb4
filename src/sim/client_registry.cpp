#include "sim/client_registry.hpp"

namespace ep::sim {

void ClientRegistry::add(std::shared_ptr<Session> session) {
  sessions_[session->id()] = std::move(session);
}

void ClientRegistry::remove(const Session& session) {
  sessions_.erase(session.id());
}

std::vector<std::shared_ptr<Session>> ClientRegistry::live() const {
  std::vector<std::shared_ptr<Session>> out;
  for (const auto& [id, session] : sessions_) {
    if (session->is_open() && session->api_started()) out.push_back(session);
  }
  return out;
}

Session* ClientRegistry::holder(int client_id) const {
  for (const auto& [id, session] : sessions_) {
    if (session->is_open() && session->api_started() && session->client_id() == client_id)
      return session.get();
  }
  return nullptr;
}

std::vector<int> ClientRegistry::client_ids() const {
  std::vector<int> ids;
  for (const auto& session : live()) ids.push_back(session->client_id());
  return ids;
}

void ClientRegistry::close_all(const std::string& reason) {
  // Each close removes its session from the map (Hub::on_closed): walk a copy.
  for (const auto& [id, session] : std::map(sessions_)) session->close(reason);
}

}  // namespace ep::sim
