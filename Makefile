# The two commands of the README: `make check` lints this repository, `make test` runs the tests.
SWIFT ?= swift
BUILD_FLAGS ?=
# Release builds link the Swift runtime and Foundation statically when the toolchain ships them
# (`usr/lib/swift_static`): each run starts about 4 ms sooner (no dynamic symbol binding of the runtime,
# direct calls for retain and release), which a hook pays on every commit. The binary is larger.
STATIC_STDLIB ?= $(shell test -d "$$(dirname "$$(dirname "$$(command -v $(SWIFT))")")/lib/swift_static" && echo --static-swift-stdlib)

.PHONY: bootstrap build release check test bench clean

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(SWIFT) build $(BUILD_FLAGS)

release: bootstrap
	$(SWIFT) build -c release $(STATIC_STDLIB) $(BUILD_FLAGS)

## Lint this repository's own catalog/, docs/ and plans with a release build.
check: release
	.build/release/magsag-lint check .

## Run the whole test suite (conformance data is read from ../shared/testdata).
test:
	@scripts/bootstrap --test
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS)

bench: release
	bench/run

clean:
	rm -rf .build
