#include "net/ca_file.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace ep::net {
namespace {

TEST(CaFile, NoFileNamedIsFine) {
  EXPECT_TRUE(check_ca_file("webhook", std::nullopt).ok());
}

TEST(CaFile, AnExistingFileIsFine) {
  const auto path = std::filesystem::temp_directory_path() / "ep-ca-file-test.pem";
  std::ofstream(path) << "-----BEGIN CERTIFICATE-----\n";
  EXPECT_TRUE(check_ca_file("webhook", path.string()).ok());
  std::filesystem::remove(path);
}

TEST(CaFile, AMissingFileOrADirectoryIsNamedWithItsClient) {
  auto missing = check_ca_file("allocation API", "/no/such/ca.pem");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, core::ErrorKind::kInvalidInput);
  EXPECT_EQ(missing.error().message, "allocation API CA file '/no/such/ca.pem' does not exist");
  auto directory = check_ca_file("webhook", std::filesystem::temp_directory_path().string());
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.error().message.rfind("webhook CA file '", 0), 0u);
}

}  // namespace
}  // namespace ep::net
