// Throw-away TLS material for tests: a self-signed certificate for 127.0.0.1 and localhost,
// made with the OpenSSL API at test time (nothing secret is checked in). Call from a test's
// setup on any thread. A test using it must link OpenSSL::Crypto after test_support.
#pragma once

#include <filesystem>
#include <string>

namespace ep::test {

struct TlsTestCert {
  std::string cert_path;  // PEM certificate; also usable as the CA file that trusts it
  std::string key_path;   // PEM private key (unencrypted)
};

// Writes <dir>/<name>.crt and <dir>/<name>.key: an EC P-256 key and a certificate valid from a
// minute ago for one day, subject CN=<common_name>, with the subjectAltNames IP:127.0.0.1 and
// DNS:localhost. Fails the calling test (ADD_FAILURE) and returns empty paths on error.
TlsTestCert make_self_signed_cert(const std::filesystem::path& dir, const std::string& name,
                                  const std::string& common_name = "localhost");

}  // namespace ep::test
