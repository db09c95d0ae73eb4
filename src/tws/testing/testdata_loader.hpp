// Test-only loader of the TWS wire captures in tests/data/tws-captures (format: INDEX.md
// section 1). Header lines "# key: value" become a map; each "--- BEGIN FIELDS ---" block or
// "--- BEGIN FRAME n (length L) ---" block becomes one Fields (one line per field, "\xNN"
// escapes decoded); declared field counts and body lengths are checked. Not part of the tws
// library.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "tws/frame.hpp"

namespace ep::tws::testdata {

struct Capture {
  std::string file;
  std::map<std::string, std::string> header;  // first occurrence of each "# key: value"
  std::vector<Fields> frames;
  bool client_to_server = false;
  std::vector<int> valid_versions;  // of 176..178, from "layout valid unchanged at:"
  std::string raw_frames;           // exact bytes with length prefixes, where the header gives them
  std::string raw_body;             // exact body bytes without prefix, where the header gives them
  int id() const;                   // frames[0][0] as a number, -1 if none
};

std::string captures_dir();                // EP_SOURCE_DIR "/tests/data/tws-captures"
std::vector<std::string> list_captures();  // sorted *.txt file names
core::Result<Capture> load_capture(const std::string& file);
// "\xD6" -> byte 0xD6; other text unchanged.
std::string unescape(const std::string& line);

}  // namespace ep::tws::testdata
