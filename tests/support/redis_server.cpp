#include "tests/support/redis_server.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/support/redis_client.hpp"

extern char** environ;

namespace ep::test {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Binds port 0 on loopback to learn a free port. Another process may take it before Redis
// does; the caller then tries again with a new one.
int pick_free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("redis test server: socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("redis test server: cannot find a free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string make_directory() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/ep-redis-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    throw std::runtime_error("redis test server: mkdtemp failed for " + pattern);
  }
  return buffer.data();
}

// Waits for the child to exit until the deadline; true when it did (and was reaped).
// Polling with short waits is acceptable in test support.
bool wait_for_exit(pid_t pid, Clock::time_point deadline) {
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || done < 0) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
}

}  // namespace

RedisServer::RedisServer(RedisServerOptions options)
    : options_(options), directory_(make_directory()) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = pick_free_port();
    if (launch_and_wait()) return;
  }
  const std::string tail = log();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
  throw std::runtime_error("redis test server: could not start redis-server; log:\n" + tail);
}

RedisServer::~RedisServer() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

bool RedisServer::launch_and_wait() {
  const char* binary_env = std::getenv("EP_REDIS_SERVER");
  const std::string binary =
      binary_env != nullptr && *binary_env != '\0' ? binary_env : "redis-server";
  std::vector<std::string> args{binary,
                                "--port",
                                std::to_string(port_),
                                "--bind",
                                "127.0.0.1",
                                "--save",
                                "",
                                "--dir",
                                directory_,
                                "--daemonize",
                                "no",
                                "--appendonly",
                                options_.append_only ? "yes" : "no"};
  if (options_.append_only) {
    args.insert(args.end(), {"--appendfsync", "always"});
  }
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  const std::string log_path = directory_ + "/redis.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("redis test server: cannot run " + binary);
  pid_ = pid;

  const auto deadline = Clock::now() + 5s;
  while (Clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // exited: e.g. the port was taken
      pid_ = -1;
      return false;
    }
    if (auto client = RedisClient::try_connect(port_, 200ms)) {
      try {
        if (client->command({"PING"}).text == "PONG") return true;  // LOADING until ready
      } catch (const std::runtime_error&) {
        // closed while starting: try again
      }
    }
    std::this_thread::sleep_for(10ms);
  }
  stop();
  return false;
}

void RedisServer::freeze() {
  if (pid_ > 0) ::kill(pid_, SIGSTOP);
}

void RedisServer::thaw() {
  if (pid_ > 0) ::kill(pid_, SIGCONT);
}

void RedisServer::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGCONT);  // a frozen server would not act on SIGTERM
  ::kill(pid_, SIGTERM);
  if (!wait_for_exit(pid_, Clock::now() + 5s)) {
    ::kill(pid_, SIGKILL);
    wait_for_exit(pid_, Clock::now() + 5s);
  }
  pid_ = -1;
}

void RedisServer::start() {
  if (pid_ > 0) return;
  if (!launch_and_wait()) {
    throw std::runtime_error("redis test server: restart on port " + std::to_string(port_) +
                             " failed; log:\n" + log());
  }
}

std::string RedisServer::log() const {
  std::ifstream in(directory_ + "/redis.log");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ep::test
