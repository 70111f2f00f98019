# The two commands of the README:
#   make demo   install missing packages (as root), build, and run ssm-preflight on the examples
#   make test   build and run every test
BUILD ?= build
JOBS ?= 2

.PHONY: all deps configure build demo test asan-test tsan-test valgrind-test fuzz docs schemas install package clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSSMPF_WARNINGS_AS_ERRORS=ON

configure: deps $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@echo
	@echo '$$ ssm-preflight check examples/seed-parameter-set'
	@$(BUILD)/src/ssm-preflight check examples/seed-parameter-set
	@echo
	@echo '$$ ssm-preflight check examples/broken/endpoint-sg-no-inbound-443'
	@$(BUILD)/src/ssm-preflight check examples/broken/endpoint-sg-no-inbound-443; \
	  code=$$?; echo "(exit code $$code)"; test $$code -eq 1

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer (what CI runs too).
asan-test: deps
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# The binary under ThreadSanitizer, with three threads, on generated sets, the examples and the
# fixtures (tests/tools/tsan-check.sh).
tsan-test: deps
	cmake --preset tsan
	cmake --build --preset tsan -j $(JOBS)
	tests/tools/tsan-check.sh build-tsan

# The in-process CLI tests and the binary on the examples under valgrind memcheck (normal build).
valgrind-test: build
	tests/tools/valgrind-cli.sh $(BUILD)

# Builds the fuzz targets with clang in build-fuzz/ and runs each for FUZZ_SECONDS (fuzz/README.md).
FUZZ_SECONDS ?= 30
fuzz: deps
	JOBS=$(JOBS) FUZZ_BUILD=$(CURDIR)/build-fuzz fuzz/run.sh $(FUZZ_SECONDS)

# Regenerates the README rules table and docs/rules/<ID>.md from rules/.
docs: build
	scripts/update-docs.sh $(BUILD)/src/ssm-preflight

# Regenerates schemas/parameter-set/ from the CloudFormation resource specification (npm).
schemas:
	cd scripts/schemas && npm ci --no-audit --no-fund && node generate.mjs

# Installs the (stripped) binary, rule data, docs and man page under PREFIX (DESTDIR honoured).
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX) --strip

# Builds the Debian package: $(BUILD)/ssm-preflight_<version>_<arch>.deb
package: build
	cd $(BUILD) && cpack -G DEB

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz
