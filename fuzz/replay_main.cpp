// SPDX-License-Identifier: Apache-2.0
// Regression replay: feeds every file named on the command line (folders: every regular file
// below them, in path order) to the fuzz target's LLVMFuzzerTestOneInput, without libFuzzer.
// Fails when no input was found, so an empty corpus does not pass silently.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      for (const fs::directory_entry& e : fs::recursive_directory_iterator(arg, ec)) {
        if (e.is_regular_file(ec) && e.path().filename().string().front() != '.') {
          inputs.push_back(e.path());
        }
      }
    } else if (fs::is_regular_file(arg, ec)) {
      inputs.push_back(arg);
    } else {
      std::fprintf(stderr, "replay: no such file or folder: %s\n", argv[i]);
      return 1;
    }
  }
  std::sort(inputs.begin(), inputs.end());
  if (inputs.empty()) {
    std::fprintf(stderr, "replay: no inputs\n");
    return 1;
  }
  for (const fs::path& p : inputs) {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(p, ec);
    // Exactly `size` bytes in a buffer of their own, as libFuzzer passes them (ASan sees
    // overreads).
    std::vector<std::uint8_t> data(ec ? 0 : static_cast<std::size_t>(size));
    std::FILE* in = ec ? nullptr : std::fopen(p.c_str(), "rb");
    if (in == nullptr || std::fread(data.data(), 1, data.size(), in) != data.size()) {
      std::fprintf(stderr, "replay: cannot read %s\n", p.string().c_str());
      if (in != nullptr) {
        std::fclose(in);
      }
      return 1;
    }
    std::fclose(in);
    std::printf("replay: %s (%zu bytes)\n", p.string().c_str(), data.size());
    std::fflush(stdout);
    (void)LLVMFuzzerTestOneInput(data.data(), data.size());
  }
  std::printf("replay: %zu inputs, no failure\n", inputs.size());
  return 0;
}
