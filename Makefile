# fullrecord: the two set-up commands are `make run` and `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
STORE      ?= ./var
JOBS       ?= $(shell nproc)
LISTEN     ?= 127.0.0.1:8080
CMAKE_ARGS ?= -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: deps build web run test test-unit test-asan bench clean format

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) $(CMAKE_ARGS)

build: deps $(BUILD)/build.ninja web
	cmake --build $(BUILD) -j $(JOBS)

# The web UI (Vue 3, built by Vite into web/dist, which `fullrecord serve` serves). npm ci
# installs exactly what web/package-lock.json names.
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/vite.config.js
web/node_modules/.package-lock.json: web/package-lock.json | deps
	cd web && npm ci --no-audit --no-fund
web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npx vite build --logLevel warn
web: web/dist/index.html

# Starts fullrecord on the embedded store in $(STORE). On first run it creates the store and
# fills it with the demonstration bureau (`fullrecord demo` prints who can sign in and how).
run: build
	@test -f $(STORE)/store.json || { $(BUILD)/bin/fullrecord --store $(STORE) init && \
	  $(BUILD)/bin/fullrecord --store $(STORE) demo; }
	$(BUILD)/bin/fullrecord --store $(STORE) verify
	$(BUILD)/bin/fullrecord --store $(STORE) serve --listen $(LISTEN)

test-unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

$(ASAN_BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFULLRECORD_SANITIZE=ON

test-asan: deps $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  FR_QUICK=1 ctest --output-on-failure -j $(JOBS)

# Unit and integration tests, then the same under AddressSanitizer and UBSan.
test: test-unit test-asan

bench: build
	bench/run.sh $(BUILD)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) web/dist
