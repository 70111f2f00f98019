// SPDX-License-Identifier: Apache-2.0
// Bad input never crashes or hangs: each case gives an LD finding or a clean exit 2.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "support/catch.hpp"
#include "support/harness.hpp"

using namespace ssmpf::test;
namespace fs = std::filesystem;

namespace {

struct Outcome {
  CliResult cli;
  std::vector<Finding> findings;
  double seconds = 0;
};

Outcome check(const std::vector<std::string>& paths) {
  std::vector<std::string> args{"check", "--format", "sarif"};
  args.insert(args.end(), paths.begin(), paths.end());
  const auto start = std::chrono::steady_clock::now();
  Outcome o;
  o.cli = run_cli(args);
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  o.findings = parse_sarif(o.cli.out);
  CHECK(sarif_schema_problems(o.cli.out).empty());
  return o;
}

bool has(const Outcome& o, const std::string& rule, const std::string& text = {}) {
  for (const Finding& f : o.findings) {
    if (f.rule == rule && f.message.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("an empty file") {
  const fs::path dir = scratch_dir("hostile-empty");
  write_text(dir / "empty.yaml", "");
  const Outcome o = check({(dir / "empty.yaml").string()});
  CHECK(o.cli.exit_code == 1);
  CHECK(has(o, "LD004", "holds no YAML document"));
}

TEST_CASE("a binary file") {
  const fs::path dir = scratch_dir("hostile-binary");
  write_text(dir / "blob.yaml", std::string("\x7f"
                                            "ELF\x02\x01\x01\x00\x00\x00",
                                            10));
  const Outcome o = check({(dir / "blob.yaml").string()});
  CHECK(o.cli.exit_code == 1);
  CHECK(has(o, "LD003", "not a text file"));
}

TEST_CASE("invalid UTF-8 points at the byte") {
  const fs::path dir = scratch_dir("hostile-utf8");
  write_text(dir / "latin1.yaml", "common:\n  name: caf\xe9\n");
  const Outcome o = check({(dir / "latin1.yaml").string()});
  REQUIRE(has(o, "LD003", "not valid UTF-8"));
  CHECK(o.findings[0].line == 2);
  CHECK(o.findings[0].column == 12);
}

TEST_CASE("a 50 MB file is refused before it is read") {
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
  CHECK(has(o, "LD005", "limit"));
  CHECK(o.seconds < 1.0);
}

TEST_CASE("a document nested 100,000 levels deep") {
  const fs::path dir = scratch_dir("hostile-deep");
  write_text(dir / "deep.yaml",
             "common:\n  x: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
  const Outcome o = check({(dir / "deep.yaml").string()});
  CHECK(o.cli.exit_code == 1);
  CHECK(has(o, "LD005", "nesting deeper than"));
  CHECK(o.seconds < 1.0);
  // Block nesting too.
  std::string block = "common:\n";
  for (int i = 0; i < 2000; ++i) {
    block += std::string(static_cast<std::size_t>(i + 1) * 2, ' ') + "k:\n";
  }
  write_text(dir / "block.yaml", block);
  const Outcome b = check({(dir / "block.yaml").string()});
  CHECK(has(b, "LD005"));
}

TEST_CASE("an alias bomb") {
  const fs::path dir = scratch_dir("hostile-bomb");
  std::string bomb = "common:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    bomb += "  a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) {
      bomb += (j ? ", *a" : "*a") + std::to_string(i - 1);
    }
    bomb += "]\n";
  }
  write_text(dir / "bomb.yaml", bomb);
  const Outcome o = check({(dir / "bomb.yaml").string()});
  CHECK(o.cli.exit_code == 1);
  CHECK(has(o, "LD005", "alias expansion"));
  CHECK(o.seconds < 1.0);
}

TEST_CASE("a reference chain that doubles a string at every step") {
  const fs::path dir = scratch_dir("hostile-chain");
  std::string chain = "common:\n  a0: \"0123456789abcdef\"\n";
  for (int i = 1; i <= 40; ++i) {
    const std::string prev = "{{common.a" + std::to_string(i - 1) + "}}";
    chain += "  a" + std::to_string(i) + ": \"" + prev + prev + "\"\n";
  }
  write_text(dir / "chain.yaml", chain);
  const Outcome o = check({(dir / "chain.yaml").string()});
  CHECK(has(o, "LD005", "longer than"));
  CHECK(o.seconds < 1.0);
}

TEST_CASE("a manifest that points outside its folder") {
  const fs::path dir = scratch_dir("hostile-escape");
  write_text(dir / "stacks.yaml",
             "stacks:\n  - \"../../etc/passwd\"\n  - \"/etc/passwd\"\n  - \"link.yaml\"\n");
  fs::create_symlink("/etc/hostname", dir / "link.yaml");
  const Outcome o = check({dir.string()});
  CHECK(o.cli.exit_code == 1);
  int escapes = 0;
  for (const Finding& f : o.findings) {
    if (f.rule == "LD003" && f.message.find("outside the manifest's folder") != std::string::npos) {
      ++escapes;
    }
  }
  CHECK(escapes == 3);
  CHECK(o.findings.size() == 3);
}

TEST_CASE("a manifest entry that does not exist") {
  const fs::path dir = scratch_dir("hostile-missing");
  write_text(dir / "stacks.yaml", "common: \"common.yaml\"\nstacks:\n  - \"gone.yaml\"\n");
  write_text(dir / "common.yaml", "common:\n  region: ap-northeast-1\n");
  const Outcome o = check({dir.string()});
  CHECK(o.cli.exit_code == 1);
  REQUIRE(has(o, "LD003", "cannot read"));
  CHECK(o.findings[0].line == 3);
  CHECK(o.findings[0].column == 5);
}

TEST_CASE("FIFOs and devices given as paths") {
  const fs::path dir = scratch_dir("hostile-fifo");
  const fs::path fifo = dir / "pipe.yaml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const Outcome o = check({fifo.string()});
  CHECK(o.cli.exit_code == 2);
  CHECK(o.cli.err.find("FIFO") != std::string::npos);
  CHECK(o.seconds < 1.0);
  const Outcome d = check({"/dev/zero"});
  CHECK(d.cli.exit_code == 2);
  // Listed by a manifest: a finding at the entry.
  write_text(dir / "stacks.yaml", "stacks:\n  - \"pipe.yaml\"\n");
  const Outcome m = check({dir.string()});
  CHECK(m.cli.exit_code == 1);
  CHECK(has(m, "LD003", "FIFO"));
}

TEST_CASE("a folder with a symlink loop and links outside it") {
  const fs::path dir = scratch_dir("hostile-symlinks");
  write_text(dir / "a.yaml", "common:\n  region: ap-northeast-1\n");
  fs::create_symlink(dir / "loop.yaml", dir / "loop.yaml");
  fs::create_symlink("/etc/hostname", dir / "outside.yaml");
  const Outcome o = check({dir.string()});
  CHECK(o.seconds < 1.0);
  CHECK(has(o, "LD003", "links outside the folder"));
  CHECK((o.cli.exit_code == 1 || o.cli.exit_code == 2));
}

TEST_CASE("control characters and a second document") {
  const fs::path dir = scratch_dir("hostile-control");
  write_text(dir / "bell.yaml", "common:\n  x: \"a\x07\"\n");
  write_text(dir / "two.yaml", "common:\n  x: 1\n---\nother: 2\n");
  const Outcome o = check({(dir / "bell.yaml").string(), (dir / "two.yaml").string()});
  CHECK(has(o, "LD001", "control character U+0007"));
  CHECK(has(o, "LD001", "second YAML document"));
}
