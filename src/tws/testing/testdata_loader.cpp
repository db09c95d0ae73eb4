#include "tws/testing/testdata_loader.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/hex_digit.hpp"

namespace ep::tws::testdata {
namespace {

std::vector<int> parse_valid_versions(const std::string& text) {
  const std::string head = text.substr(0, text.find_first_of(".("));
  std::vector<int> versions;
  for (int v : {176, 177, 178}) {
    if (head.find(std::to_string(v)) != std::string::npos) versions.push_back(v);
  }
  return versions;
}

std::string from_hex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    const int hi = core::hex_digit_value(hex[i]);
    const int lo = core::hex_digit_value(hex[i + 1]);
    if (hi < 0 || lo < 0) break;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

}  // namespace

int Capture::id() const {
  if (frames.empty() || frames[0].empty()) return -1;
  return std::atoi(frames[0][0].c_str());
}

std::string captures_dir() {
  return std::string(EP_SOURCE_DIR) + "/tests/data/tws-captures";
}

std::vector<std::string> list_captures() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(captures_dir())) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() == ".txt") files.push_back(name);
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string unescape(const std::string& line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 3 < line.size() && line[i + 1] == 'x' &&
        core::hex_digit_value(line[i + 2]) >= 0 && core::hex_digit_value(line[i + 3]) >= 0) {
      out.push_back(static_cast<char>(core::hex_digit_value(line[i + 2]) * 16 +
                                      core::hex_digit_value(line[i + 3])));
      i += 3;
    } else {
      out.push_back(line[i]);
    }
  }
  return out;
}

core::Result<Capture> load_capture(const std::string& file) {
  std::ifstream in(captures_dir() + "/" + file, std::ios::binary);
  if (!in) return core::invalid_input("cannot open capture " + file);
  Capture capture;
  capture.file = file;
  static const std::regex kBeginFrame(R"(^--- BEGIN FRAME \d+ \(length (\d+)\) ---$)");
  static const std::regex kEndFields(R"(^--- END FIELDS \((\d+)\) ---$)");
  static const std::regex kHexLine(R"(^#\s+([0-9a-f]+)$)");
  std::string line;
  bool in_hex_block = false;
  bool in_block = false;
  std::size_t declared_length = 0;
  Fields current;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch match;
    if (in_hex_block && std::regex_match(line, match, kHexLine)) {
      capture.raw_frames += from_hex(match[1]);
      continue;
    }
    in_hex_block = false;
    if (!in_block && line.rfind("# raw bytes (hex", 0) == 0) {
      in_hex_block = true;
    } else if (!in_block && line.rfind("# ", 0) == 0) {
      const auto colon = line.find(": ");
      if (colon != std::string::npos) {
        capture.header.emplace(line.substr(2, colon - 2), line.substr(colon + 2));
      }
    } else if (!in_block && line == "--- BEGIN FIELDS ---") {
      in_block = true;
      declared_length = 0;
      current.clear();
    } else if (!in_block && std::regex_match(line, match, kBeginFrame)) {
      in_block = true;
      declared_length = std::stoul(match[1]);
      current.clear();
    } else if (in_block && std::regex_match(line, match, kEndFields)) {
      if (std::stoul(match[1]) != current.size()) {
        return core::invalid_input(file + ": field count differs from the END line");
      }
      capture.frames.push_back(current);
      in_block = false;
    } else if (in_block && line.rfind("--- END FRAME", 0) == 0) {
      if (encode_body(current).size() != declared_length) {
        return core::invalid_input(file + ": frame body length differs from the BEGIN line");
      }
      capture.frames.push_back(current);
      in_block = false;
    } else if (in_block) {
      current.push_back(unescape(line));
    }
  }
  if (in_block || capture.frames.empty()) return core::invalid_input(file + ": no complete block");
  if (auto it = capture.header.find("raw frame hex (with 4-byte length prefix)");
      it != capture.header.end()) {
    capture.raw_frames = from_hex(it->second);
  }
  if (auto it = capture.header.find("raw body hex (no length prefix given by the source)");
      it != capture.header.end()) {
    capture.raw_body = from_hex(it->second);
  }
  capture.client_to_server = capture.header["direction"].rfind("client->server", 0) == 0;
  capture.valid_versions = parse_valid_versions(capture.header["layout valid unchanged at"]);
  return capture;
}

}  // namespace ep::tws::testdata
