// The request registry of one gateway connection: which Mailbox waits for which request id,
// order id, execution id or singleton request (account updates, open orders, positions, whose
// answers carry no id and end with an End message). The reader thread calls dispatch() for
// every decoded message; Broker calls register through a Listener, which unregisters on
// destruction. close()/fail_all() tell every waiting call that its answers will not come.
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "tws/messages_in.hpp"
#include "tws_client/mailbox.hpp"

namespace ep::tws_client {

enum class Singleton { kAccountUpdates, kOpenOrders, kPositions };

class RequestRegistry;

// Registrations of one call; all removed when the Listener goes away.
class Listener {
 public:
  Listener(RequestRegistry& registry, std::shared_ptr<Mailbox> mailbox);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  void add_request(std::int64_t request_id);
  void add_order(std::int64_t order_id);
  void add_singleton(Singleton kind);
  Mailbox& mailbox() { return *mailbox_; }

 private:
  RequestRegistry& registry_;
  std::shared_ptr<Mailbox> mailbox_;
};

class RequestRegistry {
 public:
  // Order ids are per client id, and reqAllOpenOrders also reports other clients' orders, so
  // orderStatus/openOrder/execDetails reach an order's mailbox only when they carry our
  // client id (-1: no filter, for unit tests).
  explicit RequestRegistry(int own_client_id = -1) : own_client_id_(own_client_id) {}

  // Routes a message to every mailbox it belongs to; false when nobody waits for it.
  // execDetails also registers its execution id, so the commissionReport that follows
  // reaches the same mailboxes.
  bool dispatch(const tws::Incoming& message);

  // Every registered mailbox receives ConnectionLost; registrations stay (1100: the gateway
  // lost IB, but this socket lives on).
  void fail_all(const core::Error& error);
  // As fail_all, and every later registration is told at once (the socket is gone).
  void close(const core::Error& error);

 private:
  friend class Listener;
  using MailboxPtr = std::shared_ptr<Mailbox>;

  void add(std::map<std::int64_t, std::vector<MailboxPtr>>& map, std::int64_t key,
           const MailboxPtr& mailbox);
  void add_request(std::int64_t id, const MailboxPtr& mailbox);
  void add_order(std::int64_t id, const MailboxPtr& mailbox);
  void add_singleton(Singleton kind, const MailboxPtr& mailbox);
  void remove(const Mailbox* mailbox);

  std::vector<MailboxPtr> targets_for(const tws::Incoming& message);
  bool ours(int client_id) const { return own_client_id_ < 0 || client_id == own_client_id_; }

  const int own_client_id_;

  std::mutex mu_;
  std::map<std::int64_t, std::vector<MailboxPtr>> requests_;
  std::map<std::int64_t, std::vector<MailboxPtr>> orders_;
  std::map<std::string, std::vector<MailboxPtr>> executions_;
  std::map<Singleton, std::vector<MailboxPtr>> singletons_;
  std::optional<core::Error> closed_;
};

}  // namespace ep::tws_client
