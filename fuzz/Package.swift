// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets for magsag-lint's parsers. Not part of the default build or test run:
/// `fuzz/run` builds them with `swift build -c release --sanitize=fuzzer` and runs each for a
/// bounded time (see docs/reliability.md).
///
/// Every target is an executable whose only entry point is `LLVMFuzzerTestOneInput`; libFuzzer
/// supplies `main`.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .unsafeFlags(["-parse-as-library"]),
]

let package = Package(
    name: "magsag-lint-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "magsag-lint", path: ".."),
    ],
    targets: [
        // Invariant checks shared by the targets (ranges inside the input, positions well-formed).
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "MagsagSource", package: "magsag-lint")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzJSON",
            dependencies: ["FuzzSupport", .product(name: "MagsagSource", package: "magsag-lint")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzYAML",
            dependencies: ["FuzzSupport", .product(name: "MagsagSource", package: "magsag-lint")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzMarkdown",
            dependencies: ["FuzzSupport", .product(name: "MagsagSource", package: "magsag-lint")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzConfiguration",
            dependencies: [
                "FuzzSupport",
                .product(name: "MagsagSource", package: "magsag-lint"),
                .product(name: "MagsagLintCore", package: "magsag-lint"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzJSONSchema",
            dependencies: [
                "FuzzSupport",
                .product(name: "MagsagSource", package: "magsag-lint"),
                .product(name: "MagsagJSONSchema", package: "magsag-lint"),
            ],
            swiftSettings: swiftSettings
        ),
        // The exec engine's JSON-lines reader: Sources/MagsagRunner/Exec/ExecProtocol.swift through a
        // symbolic link in the target's folder (the file imports MagsagSource only).
        .executableTarget(
            name: "FuzzExecProtocol",
            dependencies: [.product(name: "MagsagSource", package: "magsag-lint")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzPrePush",
            dependencies: [.product(name: "MagsagLintCore", package: "magsag-lint")],
            swiftSettings: swiftSettings
        ),
    ]
)
