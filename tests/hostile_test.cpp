// SPDX-License-Identifier: Apache-2.0
// Bad input never crashes or hangs: each case gives an LD (or CF) finding with a location, or a
// clean exit 2 with a message, within a wall-time bound and, where it matters, a memory bound.
//
// Bounds. Time: 1 second per case, measured around the in-process run (scaled by 25 in
// sanitizer builds, whose allocator makes allocation-heavy cases up to 30 times slower on a
// busy machine; not checked under valgrind, where everything is 20-50 times slower).
// Memory: the growth of the process's peak RSS during the run: the peak (VmHWM) is reset by
// writing 5 to /proc/self/clear_refs, and VmHWM afterwards minus VmRSS before is the run's
// peak. Scaled by 4 under AddressSanitizer (shadow memory, quarantine); skipped under valgrind
// and where /proc/self/clear_refs cannot be written. Valgrind is recognised by its preload
// library in LD_PRELOAD.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "support/catch.hpp"
#include "support/harness.hpp"

using namespace ssmpf::test;
namespace fs = std::filesystem;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool k_sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool k_sanitized = true;
#else
constexpr bool k_sanitized = false;
#endif
#else
constexpr bool k_sanitized = false;
#endif

bool under_valgrind() {
  const char* preload = std::getenv("LD_PRELOAD");
  return preload != nullptr && std::string_view(preload).find("vgpreload") != std::string::npos;
}

// A field of /proc/self/status in KiB ("VmHWM", "VmRSS").
std::optional<long> status_kib(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::strtol(line.c_str() + field.size() + 1, nullptr, 10);
    }
  }
  return std::nullopt;
}

// Resets the peak RSS to the current RSS; false when the kernel does not allow it.
bool reset_peak() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

struct Outcome {
  CliResult cli;
  std::vector<Finding> findings;
  double seconds = 0;
  std::optional<long> peak_mib;  // growth of the peak RSS during the run
};

Outcome check(const std::vector<std::string>& paths, const std::string& format = "sarif") {
  std::vector<std::string> args{"check", "--format", format};
  args.insert(args.end(), paths.begin(), paths.end());
  Outcome o;
  const bool measured = !under_valgrind() && reset_peak();
  const std::optional<long> before = status_kib("VmRSS");
  const auto start = std::chrono::steady_clock::now();
  o.cli = run_cli(args);
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::optional<long> peak = status_kib("VmHWM");
  if (measured && before && peak) {
    o.peak_mib = std::max(0L, *peak - *before) / 1024;
  }
  if (format == "sarif") {
    o.findings = parse_sarif(o.cli.out);
    CHECK(sarif_schema_problems(o.cli.out).empty());
  }
  return o;
}

// The case's bounds: 1 second (scaled, see above) and, when given, `mib` of peak RSS growth.
void bounded(const Outcome& o, std::optional<long> mib = std::nullopt) {
  INFO("wall time " << o.seconds << " s, peak RSS growth "
                    << (o.peak_mib ? std::to_string(*o.peak_mib) + " MiB" : "not measured"));
  if (!under_valgrind()) {
    CHECK(o.seconds < (k_sanitized ? 25.0 : 1.0));
  }
  if (mib && o.peak_mib) {
    CHECK(*o.peak_mib < *mib * (k_sanitized ? 4 : 1));
  }
}

bool has(const Outcome& o, const std::string& rule, const std::string& text = {}) {
  for (const Finding& f : o.findings) {
    if (f.rule == rule && f.message.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

const Finding* first(const Outcome& o, const std::string& rule, const std::string& text = {}) {
  for (const Finding& f : o.findings) {
    if (f.rule == rule && f.message.find(text) != std::string::npos) {
      return &f;
    }
  }
  return nullptr;
}

std::size_t count(const Outcome& o, const std::string& rule, const std::string& text = {}) {
  std::size_t n = 0;
  for (const Finding& f : o.findings) {
    if (f.rule == rule && f.message.find(text) != std::string::npos) {
      ++n;
    }
  }
  return n;
}

std::string repeat(const std::string& text, std::size_t n, const std::string& separator = "") {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += (i > 0 ? separator : std::string()) + text;
  }
  return out;
}

}  // namespace

TEST_CASE("hostile: an empty file") {
  const fs::path dir = scratch_dir("hostile-empty");
  write_text(dir / "empty.yaml", "");
  const Outcome o = check({(dir / "empty.yaml").string()});
  CHECK(o.cli.exit_code == 1);
  CHECK(has(o, "LD004", "holds no YAML document"));
  bounded(o);
}

TEST_CASE("hostile: a binary file") {
  const fs::path dir = scratch_dir("hostile-binary");
  write_text(dir / "blob.yaml", std::string("\x7f"
                                            "ELF\x02\x01\x01\x00\x00\x00",
                                            10));
  const Outcome o = check({(dir / "blob.yaml").string()});
  CHECK(o.cli.exit_code == 1);
  CHECK(has(o, "LD003", "not a text file"));
  bounded(o);
}

TEST_CASE("hostile: NUL bytes in a parameter set and in a template") {
  const fs::path dir = scratch_dir("hostile-nul");
  write_text(dir / "nul.yaml", std::string("common:\n  x: a\0b\n", 16));
  write_text(dir / "nul.template.json",
             std::string("{\"Resources\": {}, \"x\": \"\0\"}", 27) + std::string(1 << 20, ' '));
  const Outcome o = check({(dir / "nul.yaml").string(), (dir / "nul.template.json").string()});
  CHECK(o.cli.exit_code == 1);
  CHECK(has(o, "LD003", "holds a NUL byte at offset 14"));
  CHECK(has(o, "LD003", "holds a NUL byte at offset 24"));
  CHECK(count(o, "LD003") == 2);
  bounded(o, 64);
}

TEST_CASE("hostile: invalid UTF-8 points at the byte") {
  const fs::path dir = scratch_dir("hostile-utf8");
  write_text(dir / "latin1.yaml", "common:\n  name: caf\xe9\n");
  const Outcome o = check({(dir / "latin1.yaml").string()});
  REQUIRE(has(o, "LD003", "not valid UTF-8"));
  CHECK(o.findings[0].line == 2);
  CHECK(o.findings[0].column == 12);
  bounded(o);
  // An overlong encoding and a UTF-16 surrogate in a template, after 1 MB of valid text.
  write_text(
      dir / "overlong.template.json",
      "{\"Resources\": {}, \"pad\": \"" + std::string(1 << 20, 'a') + "\", \"x\": \"\xc0\xaf\"}");
  write_text(dir / "surrogate.yaml", "common:\n  x: \"\xed\xa0\x80\"\n");
  const Outcome t =
      check({(dir / "overlong.template.json").string(), (dir / "surrogate.yaml").string()});
  CHECK(t.cli.exit_code == 1);
  CHECK(has(t, "LD003", "not valid UTF-8 (byte 0xC0)"));
  CHECK(has(t, "LD003", "not valid UTF-8 (byte 0xED)"));
  bounded(t, 64);
}

TEST_CASE("hostile: a 50 MB file is refused before it is read") {
  const fs::path dir = scratch_dir("hostile-large");
  {
    std::ofstream out(dir / "huge.yaml", std::ios::binary);
    const std::string line = "key: value value value value value value value value value\n";
    for (std::size_t written = 0; written < 50ULL * 1024 * 1024; written += line.size()) {
      out << line;
    }
  }
  const Outcome o = check({(dir / "huge.yaml").string()});
  CHECK(o.cli.exit_code == 1);
  REQUIRE(has(o, "LD005", "above the 16.0 MiB limit (--max-file-size)"));
  CHECK(first(o, "LD005")->uri.find("huge.yaml") != std::string::npos);
  bounded(o, 16);  // nothing of it is read
}

TEST_CASE("hostile: YAML flow, YAML block and JSON nested 100,000 levels deep", "[heavy]") {
  const fs::path dir = scratch_dir("hostile-deep");
  write_text(dir / "deep.yaml",
             "common:\n  x: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
  const Outcome o = check({(dir / "deep.yaml").string()});
  CHECK(o.cli.exit_code == 1);
  REQUIRE(has(o, "LD005", "nesting deeper than 256 levels"));
  CHECK(first(o, "LD005")->line == 2);
  bounded(o, 64);
  // Block nesting: each level a key on its own line.
  std::string block = "common:\n";
  for (int i = 0; i < 2000; ++i) {
    block += std::string(static_cast<std::size_t>(i + 1) * 2, ' ') + "k:\n";
  }
  write_text(dir / "block.yaml", block);
  const Outcome b = check({(dir / "block.yaml").string()});
  CHECK(b.cli.exit_code == 1);
  REQUIRE(has(b, "LD005", "nesting deeper than 256 levels"));
  CHECK(first(b, "LD005")->line >= 256);
  CHECK(first(b, "LD005")->line <= 258);
  bounded(b, 64);
  // JSON: a template whose Resources hold 100,000 nested arrays and objects.
  std::string json = "{\"Resources\": ";
  for (int i = 0; i < 50000; ++i) {
    json += "[{\"k\": ";
  }
  json += "1" + repeat("}]", 50000) + "}";
  write_text(dir / "deep.template.json", json);
  const Outcome j = check({(dir / "deep.template.json").string()});
  CHECK(j.cli.exit_code == 1);
  REQUIRE(has(j, "LD005", "nesting deeper than 256 levels"));
  CHECK(first(j, "LD005")->line == 1);
  bounded(j, 64);
}

namespace {

// Ten anchors, each a list of ten aliases of the one before: 10^10 nodes once expanded.
std::string alias_bomb(const std::string& indent) {
  std::string bomb = indent + "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    bomb += indent + "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" +
            repeat("*a" + std::to_string(i - 1), 10, ", ") + "]\n";
  }
  return bomb;
}

}  // namespace

TEST_CASE("hostile: an alias bomb in a parameter set") {
  const fs::path dir = scratch_dir("hostile-bomb");
  write_text(dir / "bomb.yaml", "common:\n" + alias_bomb("  "));
  const Outcome o = check({(dir / "bomb.yaml").string()});
  CHECK(o.cli.exit_code == 1);
  REQUIRE(has(o, "LD005", "alias expansion exceeds the limit of 1000000 nodes"));
  CHECK(first(o, "LD005")->line == 7);  // the alias that crosses the limit
  bounded(o, 64);
}

TEST_CASE("hostile: an alias bomb in a YAML template") {
  const fs::path dir = scratch_dir("hostile-bomb-template");
  write_text(dir / "bomb.template.yaml",
             "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Metadata:\n" + alias_bomb("      "));
  const Outcome o = check({(dir / "bomb.template.yaml").string()});
  CHECK(o.cli.exit_code == 1);
  REQUIRE(has(o, "LD005", "alias expansion exceeds the limit of 1000000 nodes"));
  CHECK(first(o, "LD005")->line == 10);
  bounded(o, 64);
}

TEST_CASE("hostile: a reference chain that doubles a string at every step") {
  const fs::path dir = scratch_dir("hostile-chain");
  std::string chain = "common:\n  a0: \"0123456789abcdef\"\n";
  for (int i = 1; i <= 40; ++i) {
    const std::string prev = "{{common.a" + std::to_string(i - 1) + "}}";
    chain += "  a" + std::to_string(i) + ": \"" + prev + prev + "\"\n";
  }
  write_text(dir / "chain.yaml", chain);
  const Outcome o = check({(dir / "chain.yaml").string()});
  CHECK(o.cli.exit_code == 1);
  REQUIRE(has(o, "LD005", "longer than 1048576 bytes"));
  CHECK(first(o, "LD005")->line == 19);  // a17: 16 * 2^17 bytes is the first above 1 MiB
  bounded(o, 128);
}

TEST_CASE("hostile: a 10 MB single-line scalar and a 1 MB key", "[big]") {
  const fs::path dir = scratch_dir("hostile-long");
  // Inside every limit: read, parsed and checked. yaml-cpp scans about 3-4 MiB a second, so
  // this case alone has a bound proportional to its size: 10 MiB in 5 s (125 s with sanitizers).
  write_text(dir / "long.yaml",
             "common:\n  region: ap-northeast-1\n  x: \"" + std::string(10 << 20, 'a') + "\"\n");
  const Outcome o = check({(dir / "long.yaml").string()});
  CHECK(o.cli.exit_code == 0);
  CHECK(o.findings.empty());
  if (!under_valgrind()) {
    CHECK(o.seconds < (k_sanitized ? 125.0 : 5.0));
  }
  if (o.peak_mib) {
    CHECK(*o.peak_mib < 160 * (k_sanitized ? 4 : 1));
  }
  // A 1 MiB scalar within the usual second.
  write_text(dir / "two.yaml",
             "common:\n  region: ap-northeast-1\n  x: " + std::string(1 << 20, 'b') + "\n");
  const Outcome t = check({(dir / "two.yaml").string()});
  CHECK(t.cli.exit_code == 0);
  bounded(t, 64);
  // A key longer than 1024 characters is not a key for YAML (nor for PyYAML): LD001 at the line.
  write_text(dir / "key.yaml", "common:\n  " + std::string(1 << 20, 'k') + ": 1\n");
  const Outcome k = check({(dir / "key.yaml").string()});
  CHECK(k.cli.exit_code == 1);
  REQUIRE(first(k, "LD001") != nullptr);
  CHECK(first(k, "LD001")->line == 2);
  bounded(k, 64);
  // The text report of a finding on a 1 MB line shows an excerpt, not the line.
  write_text(dir / "wide.yaml", "common:\n  x: [" + std::string(1 << 20, 'c') + "\n");
  const Outcome w = check({(dir / "wide.yaml").string()}, "text");
  CHECK(w.cli.exit_code == 1);
  CHECK(w.cli.out.find("[LD001]") != std::string::npos);
  CHECK(w.cli.out.size() < 4096);
  bounded(w, 64);
}

TEST_CASE("hostile: a long line of flow scalars with distinct tags", "[heavy]") {
  // Each scalar used to rescan the rest of its line, and each tag the tags before it.
  const fs::path dir = scratch_dir("hostile-long-line");
  std::string line = "common:\n  x: [";
  for (int i = 0; i < 50000; ++i) {
    line += (i > 0 ? ", !t" : "!t") + std::to_string(i) + " a";
  }
  write_text(dir / "tags.yaml", line + "]\n");
  const Outcome o = check({(dir / "tags.yaml").string()});
  CHECK((o.cli.exit_code == 0 || o.cli.exit_code == 1));
  CHECK(o.cli.err.find("internal") == std::string::npos);
  bounded(o, 128);
}

TEST_CASE("hostile: more input files than the limit", "[big]") {
  const fs::path dir = scratch_dir("hostile-many");
  for (int i = 0; i <= 10000; ++i) {
    std::ofstream(dir / ("m" + std::to_string(100000 + i) + ".yaml")) << "m" << i << ": {}\n";
  }
  const Outcome o = check({dir.string()});
  CHECK(o.cli.exit_code == 2);
  CHECK(o.cli.err.find("more than 10000 input files; '") != std::string::npos);
  CHECK(o.cli.err.find("m110000.yaml' is not read") != std::string::npos);
  bounded(o, 256);
}

TEST_CASE("hostile: a manifest that points outside its folder") {
  const fs::path dir = scratch_dir("hostile-escape");
  write_text(dir / "stacks.yaml",
             "stacks:\n  - \"../../etc/passwd\"\n  - \"/etc/passwd\"\n  - \"link.yaml\"\n"
             "  - \"sub/hostname\"\n  - \"in/../../x.yaml\"\n");
  fs::create_symlink("/etc/hostname", dir / "link.yaml");
  fs::create_directory_symlink("/etc", dir / "sub");  // a folder link leading out
  const Outcome o = check({dir.string()});
  CHECK(o.cli.exit_code == 1);
  CHECK(count(o, "LD003", "outside the manifest's folder") == 5);
  CHECK(o.findings.size() == 5);
  for (const Finding& f : o.findings) {
    CHECK(f.uri.find("stacks.yaml") != std::string::npos);
    CHECK(f.line >= 2);
  }
  bounded(o);
}

TEST_CASE("hostile: a manifest entry that does not exist") {
  const fs::path dir = scratch_dir("hostile-missing");
  write_text(dir / "stacks.yaml", "common: \"common.yaml\"\nstacks:\n  - \"gone.yaml\"\n");
  write_text(dir / "common.yaml", "common:\n  region: ap-northeast-1\n");
  const Outcome o = check({dir.string()});
  CHECK(o.cli.exit_code == 1);
  REQUIRE(has(o, "LD003", "cannot read"));
  CHECK(o.findings[0].line == 3);
  CHECK(o.findings[0].column == 5);
  bounded(o);
}

TEST_CASE("hostile: cloud assembly entries that leave the assembly") {
  const fs::path dir = scratch_dir("hostile-assembly-escape");
  const fs::path cdk = dir / "cdk.out";
  write_text(dir / "secret.template.json", "{\"Resources\": {}}");
  write_text(cdk / "manifest.json", R"({"version": "36.0.0", "artifacts": {
  "Up": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "../secret.template.json"}},
  "Abs": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "/etc/passwd"}},
  "Link": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "link.template.json"}},
  "Stage": {"type": "cdk:cloud-assembly", "properties": {"directoryName": ".."}},
  "Nested": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "Nested.template.json"}}
}})");
  fs::create_symlink(dir / "secret.template.json", cdk / "link.template.json");
  write_text(cdk / "Nested.template.json", R"({"Resources": {"Child": {
  "Type": "AWS::CloudFormation::Stack", "Metadata": {"aws:asset:path": "../secret.template.json"},
  "Properties": {"TemplateURL": "x"}}}})");
  const Outcome o = check({cdk.string()});
  CHECK(o.cli.exit_code == 1);
  CHECK(count(o, "LD003", "lies outside the cloud assembly") == 4);
  CHECK(count(o, "LD003", "lies outside the folder of its parent template") == 1);
  for (const Finding& f : o.findings) {
    CHECK(f.rule == "LD003");
    CHECK(f.line >= 2);
  }
  bounded(o);
}

TEST_CASE("hostile: FIFOs and devices given as paths") {
  const fs::path dir = scratch_dir("hostile-fifo");
  const fs::path fifo = dir / "pipe.yaml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const Outcome o = check({fifo.string()});
  CHECK(o.cli.exit_code == 2);
  CHECK(o.cli.err.find("is a FIFO, not a regular file") != std::string::npos);
  bounded(o);
  const Outcome d = check({"/dev/zero"});
  CHECK(d.cli.exit_code == 2);
  CHECK(d.cli.err.find("is a character device") != std::string::npos);
  bounded(d);
  // Listed by a manifest: a finding at the entry.
  write_text(dir / "stacks.yaml", "stacks:\n  - \"pipe.yaml\"\n");
  const Outcome m = check({dir.string()});
  CHECK(m.cli.exit_code == 1);
  REQUIRE(has(m, "LD003", "is a FIFO"));
  CHECK(first(m, "LD003", "is a FIFO")->line == 2);
  bounded(m);
}

TEST_CASE("hostile: a FIFO inside a scanned folder and a cloud assembly does not block") {
  const fs::path dir = scratch_dir("hostile-fifo-scan");
  write_text(dir / "scan" / "a.yaml", "common:\n  region: ap-northeast-1\n");
  REQUIRE(::mkfifo((dir / "scan" / "b.yaml").c_str(), 0600) == 0);
  const Outcome o = check({(dir / "scan").string()});
  CHECK(o.cli.exit_code == 2);
  CHECK(o.cli.err.find("b.yaml': is a FIFO") != std::string::npos);
  bounded(o);
  // A FIFO as a cloud assembly's template, and as its manifest.json.
  write_text(dir / "cdk.out" / "manifest.json",
             R"({"version": "36.0.0", "artifacts": {"S": {"type": "aws:cloudformation:stack",
  "properties": {"templateFile": "S.template.json"}}}})");
  REQUIRE(::mkfifo((dir / "cdk.out" / "S.template.json").c_str(), 0600) == 0);
  const Outcome a = check({(dir / "cdk.out").string()});
  CHECK(a.cli.exit_code == 1);
  REQUIRE(has(a, "LD003", "is a FIFO"));
  CHECK(first(a, "LD003", "is a FIFO")->line == 2);
  bounded(a);
  REQUIRE(::mkfifo((dir / "manifest.json").c_str(), 0600) == 0);
  const Outcome f = check({(dir / "manifest.json").string()});
  CHECK(f.cli.exit_code == 2);
  CHECK(f.cli.err.find("is a FIFO") != std::string::npos);
  bounded(f);
}

TEST_CASE("hostile: a folder where a file is expected, and a file where a folder is") {
  const fs::path dir = scratch_dir("hostile-kinds");
  write_text(dir / "set" / "stacks.yaml", "stacks:\n  - \"sub\"\n");
  fs::create_directories(dir / "set" / "sub");
  const Outcome m = check({(dir / "set").string()});
  CHECK(m.cli.exit_code == 1);
  REQUIRE(has(m, "LD003", "is a folder"));
  CHECK(first(m, "LD003", "is a folder")->line == 2);
  bounded(m);
  write_text(dir / "cdk.out" / "manifest.json", R"({"version": "36.0.0", "artifacts": {
  "A": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "sub"}},
  "B": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "file.json"}}}})");
  fs::create_directories(dir / "cdk.out" / "sub");
  write_text(dir / "cdk.out" / "file.json", "{}");
  const Outcome a = check({(dir / "cdk.out").string()});
  CHECK(a.cli.exit_code == 1);
  REQUIRE(has(a, "LD003", "is a folder"));
  CHECK(first(a, "LD003", "is a folder")->line == 2);
  REQUIRE(has(a, "LD003", "file.json/manifest.json': no such file"));
  CHECK(first(a, "LD003", "no such file")->line == 3);
  bounded(a);
  // A folder named like a YAML file in a scanned folder, and a file named as a folder.
  write_text(dir / "scan" / "a.yaml", "common:\n  region: ap-northeast-1\n");
  fs::create_directories(dir / "scan" / "dir.yaml");
  const Outcome s = check({(dir / "scan").string()});
  CHECK(s.cli.exit_code == 2);
  CHECK(s.cli.err.find("dir.yaml': is a folder") != std::string::npos);
  const Outcome f = check({(dir / "scan" / "a.yaml").string() + "/"});
  CHECK(f.cli.exit_code == 2);
  CHECK(f.cli.err.find("no such file or folder") != std::string::npos);
  bounded(f);
}

TEST_CASE("hostile: an unreadable file") {
  // /proc/self/mem is a regular file whose read fails (EIO at offset 0), as root too.
  const Outcome p = check({"/proc/self/mem"});
  CHECK(p.cli.exit_code == 2);
  CHECK(p.cli.err.find("cannot read '/proc/self/mem'") != std::string::npos);
  bounded(p);
  if (::geteuid() == 0) {
    WARN("running as root: file permissions do not apply, chmod 000 not tested");
    return;
  }
  const fs::path dir = scratch_dir("hostile-unreadable");
  write_text(dir / "secret.yaml", "common:\n  region: ap-northeast-1\n");
  fs::permissions(dir / "secret.yaml", fs::perms::none);
  write_text(dir / "stacks.yaml", "stacks:\n  - \"secret.yaml\"\n");
  const Outcome m = check({dir.string()});
  fs::permissions(dir / "secret.yaml", fs::perms::owner_all);
  CHECK(m.cli.exit_code == 1);
  REQUIRE(has(m, "LD003", "Permission denied"));
  CHECK(first(m, "LD003")->line == 2);
  bounded(m);
}

TEST_CASE("hostile: a folder with a symlink loop and links outside it") {
  const fs::path dir = scratch_dir("hostile-symlinks");
  write_text(dir / "a.yaml", "common:\n  region: ap-northeast-1\n");
  fs::create_symlink(dir / "loop.yaml", dir / "loop.yaml");
  fs::create_symlink(dir / "ping.yaml", dir / "pong.yaml");
  fs::create_symlink(dir / "pong.yaml", dir / "ping.yaml");
  fs::create_symlink("/etc/hostname", dir / "outside.yaml");
  fs::create_directory_symlink(".", dir / "self.yaml");  // a folder loop
  const Outcome o = check({dir.string()});
  CHECK(o.cli.exit_code == 2);
  CHECK(o.cli.err.find("loop.yaml': Too many levels of symbolic links") != std::string::npos);
  CHECK(o.cli.err.find("ping.yaml': Too many levels of symbolic links") != std::string::npos);
  CHECK(has(o, "LD003", "outside.yaml' links outside the folder"));
  CHECK(count(o, "LD003") == 1);
  bounded(o);
}

TEST_CASE("hostile: control characters and a second document") {
  const fs::path dir = scratch_dir("hostile-control");
  write_text(dir / "bell.yaml", "common:\n  x: \"a\x07\"\n");
  write_text(dir / "two.yaml", "common:\n  x: 1\n---\nother: 2\n");
  const Outcome o = check({(dir / "bell.yaml").string(), (dir / "two.yaml").string()});
  CHECK(has(o, "LD001", "control character U+0007"));
  CHECK(has(o, "LD001", "second YAML document"));
  bounded(o);
}

TEST_CASE("hostile: Fn::Join nested 10,000 deep", "[heavy]") {
  const fs::path dir = scratch_dir("hostile-join");
  std::string join = "\"10.0.0.0/16\"";
  for (int i = 0; i < 10000; ++i) {
    join = "{\"Fn::Join\": [\"\", [" + join + "]]}";
  }
  write_text(dir / "join.template.json",
             "{\"Resources\": {\"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": "
             "{\"CidrBlock\": " +
                 join + "}}}}");
  const Outcome o = check({(dir / "join.template.json").string()});
  CHECK(o.cli.exit_code == 1);
  REQUIRE(has(o, "LD005", "nesting deeper than 256 levels"));
  CHECK(first(o, "LD005")->line == 1);
  bounded(o, 64);
  // Short tags in YAML.
  write_text(dir / "join.template.yaml",
             "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: " +
                 repeat("!Join ['', [", 10000) + "10.0.0.0/16" + repeat("]]", 10000) + "\n");
  const Outcome y = check({(dir / "join.template.yaml").string()});
  CHECK(y.cli.exit_code == 1);
  REQUIRE(has(y, "LD005", "nesting deeper than 256 levels"));
  CHECK(first(y, "LD005")->line == 5);
  bounded(y, 64);
}

namespace {

std::string subnet(int i, const std::string& vpc_id) {
  return "\"S" + std::to_string(i) +
         "\": {\"Type\": \"AWS::EC2::Subnet\", \"Properties\": {\"VpcId\": " + vpc_id +
         ", \"CidrBlock\": \"10.0.0.0/24\"}}";
}

}  // namespace

TEST_CASE("hostile: a GetAtt chain across 5,000 resources", "[heavy]") {
  const fs::path dir = scratch_dir("hostile-getatt");
  std::string resources = subnet(0, "\"vpc-1\"");
  for (int i = 1; i < 5000; ++i) {
    resources +=
        ",\n" + subnet(i, "{\"Fn::GetAtt\": [\"S" + std::to_string(i - 1) + "\", \"VpcId\"]}");
  }
  // The end of the chain names a resource that does not exist: the whole chain is read.
  resources += ",\n" + subnet(5000, "{\"Fn::GetAtt\": [\"Gone\", \"VpcId\"]}");
  write_text(dir / "chain.template.json", "{\"Resources\": {" + resources + "}}");
  const Outcome o = check({(dir / "chain.template.json").string()});
  CHECK(o.cli.exit_code == 1);
  REQUIRE(has(o, "CF001", "Fn::GetAtt 'Gone' names no resource"));
  CHECK(first(o, "CF001")->line == 5001);
  CHECK(o.findings.size() == 1);
  bounded(o, 128);
}

TEST_CASE("hostile: intrinsic functions that double a value at every resource", "[heavy]") {
  // Each VPC's CidrBlock joins its predecessor's twice (2^64 times over), or substitutes it 100
  // times: evaluation stops at its budget with LD005 at the value.
  const fs::path dir = scratch_dir("hostile-getatt-double");
  std::string join =
      "\"V0\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": "
      "\"10.0.0.0/16\"}}";
  std::string sub = join;
  for (int i = 1; i < 64; ++i) {
    const std::string prev = "V" + std::to_string(i - 1);
    const std::string get = "{\"Fn::GetAtt\": [\"" + prev + "\", \"CidrBlock\"]}";
    join += ",\n\"V" + std::to_string(i) +
            "\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": "
            "{\"Fn::Join\": [\"\", [" +
            get + ", " + get + "]]}}}";
    sub += ",\n\"V" + std::to_string(i) +
           "\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": "
           "{\"Fn::Sub\": \"" +
           repeat("${" + prev + ".CidrBlock}", 100) + "\"}}}";
  }
  write_text(dir / "join.template.json", "{\"Resources\": {" + join + "}}");
  write_text(dir / "sub.template.json", "{\"Resources\": {" + sub + "}}");
  for (const char* name : {"join.template.json", "sub.template.json"}) {
    const Outcome o = check({(dir / name).string()});
    INFO(name);
    CHECK(o.cli.exit_code == 1);
    REQUIRE(has(o, "LD005", "evaluating this value takes more than 10000 steps"));
    CHECK(first(o, "LD005")->line > 1);
    CHECK(o.findings.size() == count(o, "LD005"));
    bounded(o, 128);
  }
}

TEST_CASE("hostile: Fn::Sub with 20,000 variables") {
  const fs::path dir = scratch_dir("hostile-sub");
  std::string text;
  std::string variables;
  for (int i = 0; i < 20000; ++i) {
    text += "${v" + std::to_string(i) + "}";
    variables += (i > 0 ? ", \"v" : "\"v") + std::to_string(i) + "\": \"x\"";
  }
  write_text(dir / "sub.template.json",
             "{\"Resources\": {\"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\n"
             "\"CidrBlock\": {\"Fn::Sub\": [\"" +
                 text + "\", {" + variables + "}]}}}}}");
  const Outcome o = check({(dir / "sub.template.json").string()});
  CHECK(o.cli.exit_code == 1);
  REQUIRE(has(o, "LD005", "evaluating this value takes more than 10000 steps"));
  CHECK(first(o, "LD005")->line == 2);
  CHECK(o.findings.size() == 1);
  bounded(o, 128);
}

TEST_CASE("hostile: conditions that refer to each other in a cycle") {
  const fs::path dir = scratch_dir("hostile-conditions");
  write_text(dir / "cycle.template.yaml", R"(Conditions:
  A: !Condition B
  B: {"Fn::Not": [{"Condition": "A"}]}
  Self: {"Fn::And": [{"Condition": "Self"}, !Equals [a, a]]}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Condition: A
    Properties:
      CidrBlock: 10.0.0.0/16
)");
  const Outcome o = check({(dir / "cycle.template.yaml").string()});
  CHECK(o.cli.exit_code == 1);
  REQUIRE(has(o, "CF002", "the conditions form a cycle (A -> B -> A)"));
  CHECK(first(o, "CF002", "(A -> B -> A)")->line == 3);
  REQUIRE(has(o, "CF002", "the conditions form a cycle (Self -> Self)"));
  CHECK(first(o, "CF002", "(Self -> Self)")->line == 4);
  CHECK(o.findings.size() == 2);
  bounded(o);
  // 60 conditions, each the conjunction of ten references to the one before: decided once each.
  std::string wide = "{\"Conditions\": {\"C0\": {\"Fn::Equals\": [\"a\", \"a\"]}";
  for (int i = 1; i < 60; ++i) {
    wide += ", \"C" + std::to_string(i) + "\": {\"Fn::And\": [" +
            repeat("{\"Condition\": \"C" + std::to_string(i - 1) + "\"}", 10, ", ") + "]}";
  }
  wide +=
      "}, \"Resources\": {\"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Condition\": \"C59\", "
      "\"Properties\": {\"CidrBlock\": {\"Ref\": \"Gone\"}}}}}";
  write_text(dir / "wide.template.json", wide);
  const Outcome w = check({(dir / "wide.template.json").string()});
  CHECK(w.cli.exit_code == 1);
  CHECK(has(w, "CF001", "Ref 'Gone' names no resource or parameter"));
  bounded(w);
}

TEST_CASE("hostile: nested stacks in a cycle") {
  const fs::path dir = scratch_dir("hostile-nested-cycle");
  const fs::path cdk = dir / "cdk.out";
  write_text(cdk / "manifest.json", R"({"version": "36.0.0", "artifacts": {"Parent": {
  "type": "aws:cloudformation:stack", "environment": "aws://123456789012/eu-west-1",
  "properties": {"templateFile": "Parent.template.json"}}}})");
  auto nested = [](const std::string& id, const std::string& file) {
    return "\"" + id +
           "\": {\"Type\": \"AWS::CloudFormation::Stack\", \"Metadata\": {\"aws:asset:path\": \"" +
           file + "\"}, \"Properties\": {\"TemplateURL\": \"x\"}}";
  };
  write_text(cdk / "Parent.template.json",
             "{\"Resources\": {" + nested("Child", "Child.nested.template.json") + "}}");
  write_text(cdk / "Child.nested.template.json",
             "{\"Resources\": {\n" + nested("Back", "Parent.template.json") + ",\n" +
                 nested("Self", "Child.nested.template.json") + "}}");
  const Outcome o = check({cdk.string()});
  CHECK(o.cli.exit_code == 1);
  CHECK(count(o, "LD005", "is this stack or one of its parents: the nesting never ends") == 2);
  for (const Finding& f : o.findings) {
    CHECK(f.uri.find("Child.nested.template.json") != std::string::npos);
    CHECK((f.line == 2 || f.line == 3));
  }
  CHECK(o.findings.size() == 2);
  bounded(o);
}
