# The two commands of the README: `make check` lints this repository, `make test` runs the tests.
SWIFT ?= swift
BUILD_FLAGS ?=

.PHONY: bootstrap build release check test bench clean

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(SWIFT) build $(BUILD_FLAGS)

release: bootstrap
	$(SWIFT) build -c release $(BUILD_FLAGS)

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
