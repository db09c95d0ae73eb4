#include "core/secret_redactor.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace ep::core {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Shaped like a real key: letters, digits and the characters each encoding treats specially.
const std::string kKey = "k3y/with+plus=and space~Z9";

const SecretRedactor& redactor() {
  static const SecretRedactor instance({kKey, "redis-pass-123", "tok"});
  return instance;
}

void expect_masked(const std::string& spelling) {
  const std::string text = "before " + spelling + " after";
  EXPECT_EQ(redactor().redact(text), "before *** after") << spelling;
}

TEST(SecretRedactor, RawSecretsAreMasked) {
  expect_masked(kKey);
  expect_masked("redis-pass-123");
  EXPECT_EQ(redactor().redact("redis-pass-123redis-pass-123"), "******");
}

TEST(SecretRedactor, JsonEscapedSpellingsAreMasked) {
  expect_masked(R"(k3y\/with+plus=and space~Z9)");                // \/ as many encoders write it
  expect_masked(R"(k3y\\\/with+plus=and space~Z9)");              // escaped twice (a log of a log)
  expect_masked(R"(k3y\u002fwith\u002Bplus=and\u0020space~Z9)");  // \uXXXX, either case
}

TEST(SecretRedactor, AStrayBackslashBeforeASecretDoesNotHideIt) {
  // Found by the allocation fuzz target: a malformed escape right before the secret used to be
  // copied as one 6-byte unit, swallowing the secret's first byte and hiding the rest.
  for (const std::string lead : {R"(\u0[a)", R"(\u)", R"(\x)", R"(\)"}) {
    const std::string out = redactor().redact(lead + "redis-pass-123 end");
    EXPECT_THAT(out, Not(HasSubstr("redis-pass-123"))) << lead;
    EXPECT_THAT(out, Not(HasSubstr("edis-pass-123"))) << lead;
  }
}

TEST(SecretRedactor, ASecretStartingInsideAnEscapeIsMaskedWithTheEscape) {
  // "\u000F" is a whole escape, and its last byte starts the raw secret "F00dSecret-1" (found by
  // the allocation fuzz target with a key starting with a hex digit).
  const SecretRedactor hex_led({"F00dSecret-1"});
  EXPECT_EQ(hex_led.redact(R"(x\u000F00dSecret-1 end)"), "x*** end");
  EXPECT_EQ(hex_led.redact(R"(x\u000F00dSecret-2 end)"), R"(x\u000F00dSecret-2 end)");
}

TEST(SecretRedactor, UrlEncodedSpellingsAreMasked) {
  expect_masked("k3y%2Fwith%2Bplus%3Dand%20space~Z9");    // upper hex
  expect_masked("k3y%2fwith%2bplus%3dand%20space%7eZ9");  // lower hex, ~ encoded too
  expect_masked("k3y%2Fwith%2Bplus%3Dand+space~Z9");      // form encoding: + for the space
  expect_masked("k3y/with%2Bplus=and+space~Z9");          // partly encoded
  expect_masked("redis%2Dpass%2D123");
}

TEST(SecretRedactor, Base64SpellingsAreMasked) {
  for (const auto& spelling : base64_spellings(kKey)) expect_masked(spelling);
  // "k3y/with+plus=and space~Z9" in base64, standard with padding and url-safe without.
  expect_masked("azN5L3dpdGgrcGx1cz1hbmQgc3BhY2V+Wjk=");
  expect_masked("azN5L3dpdGgrcGx1cz1hbmQgc3BhY2V-Wjk");
  expect_masked("cmVkaXMtcGFzcy0xMjM=");  // redis-pass-123
  expect_masked("cmVkaXMtcGFzcy0xMjM");
  expect_masked("cmVkaXMtcGFzcy0xMjM%3D");  // URL-encoded base64
}

TEST(SecretRedactor, Base64OfAFramingIsMaskedWhereverTheSecretSits) {
  // Basic credentials "<user>:redis-pass-123", with and without more after it: the secret starts
  // at offset 0, 1 and 2 of a 3-byte group. Only characters that also encode other bytes stay.
  const SecretRedactor& r = redactor();
  EXPECT_EQ(r.redact("YWI6cmVkaXMtcGFzcy0xMjM="), "YWI6***");           // "ab:" + secret
  EXPECT_EQ(r.redact("YWI6cmVkaXMtcGFzcy0xMjM6eA=="), "YWI6***6eA==");  // ... + ":x"
  EXPECT_EQ(r.redact("dXNyOnJlZGlzLXBhc3MtMTIz"), "dXNyOnJl***");       // "usr:" + secret
  EXPECT_EQ(r.redact("dXNyOnJlZGlzLXBhc3MtMTIzOng="), "dXNyOnJl***Ong=");
  EXPECT_EQ(r.redact("dXNlcjpyZWRpcy1wYXNzLTEyMw=="), "dXNlcjpy***Mw==");  // "user:" + secret
  EXPECT_EQ(r.redact("dXNlcjpyZWRpcy1wYXNzLTEyMzp4"), "dXNlcjpy***Mzp4");
}

TEST(SecretRedactor, ShortSecretsAreNotUsed) {
  EXPECT_EQ(redactor().redact("a token tok here"), "a token tok here");
}

TEST(SecretRedactor, OrdinaryTextIsUntouched) {
  const std::string text = R"({"message":"event finished","path":"\/a\/b","x":"%41\u00e9+"})";
  EXPECT_EQ(redactor().redact(text), text);
  EXPECT_EQ(SecretRedactor().redact(text), text);
  EXPECT_TRUE(SecretRedactor({"abc"}).empty());
}

TEST(SecretRedactor, JsonTextStaysValidAroundAMask) {
  // The secret right after an escaped quote and right before one: the escapes stay whole.
  EXPECT_EQ(redactor().redact(R"({"e":"x\"redis-pass-123\" y"})"), R"({"e":"x\"***\" y"})");
  // A secret ending in a backslash, before an escaped quote: the escape goes with the mask.
  const SecretRedactor trailing({"pass\\"});
  EXPECT_EQ(trailing.redact(R"({"e":"pass\"x"})"), R"({"e":"***x"})");
  EXPECT_EQ(trailing.redact(R"({"e":"pass\\x"})"), R"({"e":"***x"})");
  // A match never starts inside \uXXXX: "0041redis..." is not the secret's start.
  EXPECT_EQ(redactor().redact(R"("\u0041redis-pass-123")"), R"("\u0041***")");
}

}  // namespace
}  // namespace ep::core
