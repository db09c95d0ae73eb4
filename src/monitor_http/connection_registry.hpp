// The open connections of the management API and the limits on them (README "Management API"):
// a deadline per whole request (from the moment a connection opens or its last answer went out
// until the next answer is ready: idle keep-alive, headers, body and a slow reader all count), a
// cap on connections per client address and in all. A connection at a limit is not refused: room
// is made by cutting the oldest connection that is only waiting (not in a handler), of that
// client first, so a new client (a liveness probe) always gets in while idle or trickling
// sockets are dropped. Cutting = shutdown(2) of the socket; the server then sees end of stream
// and closes it. Every cut and refusal is reported with its reason (metrics and a warning: an
// operator sees an attack or a misbehaving client). All methods are thread-safe;
// run_deadlines() is the body of one thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace ep::monitor_http {

// Why a connection was cut, or a new one refused (every connection in a handler). kCutReasons
// lists every reason in the enum's order: a new reason goes there too (to_string and the cut
// report index by it).
enum class CutReason { kDeadline, kClientCap, kTotalCap, kRefused };
inline constexpr CutReason kCutReasons[] = {CutReason::kDeadline, CutReason::kClientCap,
                                            CutReason::kTotalCap, CutReason::kRefused};
std::string_view to_string(CutReason reason);  // "deadline", "client_cap", "total_cap", "refused"

struct ConnectionLimits {
  std::size_t max_connections = 256;
  std::size_t max_per_client = 32;
  std::chrono::milliseconds request_deadline{10'000};
};

class ConnectionRegistry {
 public:
  using Clock = std::chrono::steady_clock;
  struct Hooks {
    // How a connection is cut (default: shutdown(fd, SHUT_RDWR)).
    std::function<void(int fd)> cut;
    // Told of each cut and refusal, under the registry's lock: must not block or call back.
    std::function<void(CutReason, const std::string& client)> on_cut;
    // The time connections start and answer at (default: Clock::now; tests move it by hand).
    std::function<Clock::time_point()> now;
  };

  explicit ConnectionRegistry(ConnectionLimits limits, Hooks hooks = {});

  // At accept, before the connection is registered: cuts the oldest waiting connection of
  // `client` when it is at its cap, and the oldest waiting one of all at the total cap. False
  // when no room can be made (every connection is in a handler): refuse the new one.
  bool make_room(const std::string& client);
  void opened(const void* id, int fd, std::string client);
  void closed(const void* id);
  // A handler runs for this connection (its deadline does not apply meanwhile) or has ended.
  void set_busy(const void* id, bool busy);
  // An answer went out: the deadline starts again for the next request.
  void answered(const void* id);

  // Cuts every connection past its deadline, at `now`; returns when to look again.
  Clock::time_point cut_expired(Clock::time_point now);
  // Runs cut_expired() at each deadline until stop(); wakes on stop at once.
  void run_deadlines();
  void stop();

  std::size_t open_connections() const;

 private:
  struct Entry {
    int fd = -1;
    std::string client;
    Clock::time_point started;
    bool busy = false;
    bool cut = false;
  };
  // The oldest waiting, not yet cut connection (of `client` when given); end() when none.
  std::map<const void*, Entry>::iterator oldest_waiting(const std::string* client);
  void cut(Entry& entry, CutReason reason);

  ConnectionLimits limits_;
  Hooks hooks_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<const void*, Entry> entries_;
  std::map<std::string, std::size_t> per_client_;  // connections not yet cut, by client
  std::size_t live_ = 0;                           // connections not yet cut
};

}  // namespace ep::monitor_http
