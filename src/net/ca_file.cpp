#include "net/ca_file.hpp"

#include <filesystem>

namespace ep::net {

core::Result<void> check_ca_file(std::string_view client, const std::optional<std::string>& path) {
  if (!path) return {};
  std::error_code ec;
  if (std::filesystem::is_regular_file(*path, ec)) return {};
  return core::invalid_input(std::string(client) + " CA file '" + *path + "' does not exist");
}

}  // namespace ep::net
