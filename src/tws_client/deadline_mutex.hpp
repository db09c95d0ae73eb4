// A mutex whose lock can give up at a deadline, for senders and singleton requests that must
// not wait past their call's deadline. Built on std::mutex + condition_variable rather than
// std::timed_mutex, whose try_lock_until uses pthread_mutex_clocklock, which ThreadSanitizer
// does not understand (false "unlock of an unlocked mutex" reports). Usable with
// std::unique_lock (lock, unlock, try_lock_until); thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace ep::tws_client {

class DeadlineMutex {
 public:
  void lock() {
    std::unique_lock guard(mu_);
    cv_.wait(guard, [&] { return !locked_; });
    locked_ = true;
  }
  template <class Clock, class Duration>
  bool try_lock_until(const std::chrono::time_point<Clock, Duration>& deadline) {
    std::unique_lock guard(mu_);
    if (!cv_.wait_until(guard, deadline, [&] { return !locked_; })) return false;
    locked_ = true;
    return true;
  }
  bool try_lock() {
    std::lock_guard guard(mu_);
    if (locked_) return false;
    locked_ = true;
    return true;
  }
  void unlock() {
    {
      std::lock_guard guard(mu_);
      locked_ = false;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool locked_ = false;
};

}  // namespace ep::tws_client
