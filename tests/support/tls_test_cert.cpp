#include "tests/support/tls_test_cert.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <random>

namespace ep::test {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct ExtFree {
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
struct FileClose {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

bool add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, ExtFree> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

bool write_pem(const std::filesystem::path& path, EVP_PKEY* key, X509* cert) {
  std::unique_ptr<std::FILE, FileClose> file(std::fopen(path.c_str(), "wb"));
  if (!file) return false;
  if (key) return PEM_write_PrivateKey(file.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  return PEM_write_X509(file.get(), cert) == 1;
}

}  // namespace

TlsTestCert make_self_signed_cert(const std::filesystem::path& dir, const std::string& name,
                                  const std::string& common_name) {
  std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_EC_gen("P-256"));
  std::unique_ptr<X509, X509Free> cert(X509_new());
  if (!key || !cert) {
    ADD_FAILURE() << "OpenSSL could not create a key or a certificate";
    return {};
  }
  X509* x = cert.get();
  X509_set_version(x, 2);  // v3, for the extensions
  // A random-enough serial: two certificates of one test run must differ.
  ASN1_INTEGER_set(X509_get_serialNumber(x),
                   static_cast<long>(std::random_device{}() & 0x7fffffff));
  X509_gmtime_adj(X509_getm_notBefore(x), -60);
  X509_gmtime_adj(X509_getm_notAfter(x), 24L * 3600);
  X509_set_pubkey(x, key.get());
  X509_NAME* subject = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(x, subject);
  const bool extensions_ok =
      add_extension(x, NID_basic_constraints, "critical,CA:TRUE") &&
      add_extension(x, NID_key_usage, "critical,digitalSignature,keyCertSign") &&
      add_extension(x, NID_ext_key_usage, "serverAuth") &&
      add_extension(x, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost") &&
      add_extension(x, NID_subject_key_identifier, "hash");
  if (!extensions_ok || X509_sign(x, key.get(), EVP_sha256()) == 0) {
    ADD_FAILURE() << "OpenSSL could not build or sign the test certificate";
    return {};
  }
  TlsTestCert out{(dir / (name + ".crt")).string(), (dir / (name + ".key")).string()};
  if (!write_pem(out.cert_path, nullptr, x) || !write_pem(out.key_path, key.get(), nullptr)) {
    ADD_FAILURE() << "could not write the test certificate into " << dir;
    return {};
  }
  return out;
}

}  // namespace ep::test
