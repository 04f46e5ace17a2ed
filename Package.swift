// swift-tools-version:6.0
import Foundation
import PackageDescription

/// One settings array for every Swift target: Swift 6 language mode (complete concurrency checking)
/// plus `ExistentialAny`, so `any` is always spelled out.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// Release builds of the executable link gperftools' tcmalloc (`libtcmalloc-minimal4`, which
/// `scripts/bootstrap` installs) when the system has it: its per-thread caches make the parse trees'
/// millions of small allocations cheaper than glibc's arenas (about 10 % of a full check's wall time,
/// measured in docs/performance.md). Without the library the build falls back to the C library's
/// allocator and behaves the same. Debug and sanitizer builds always use the system allocator.
let tcmalloc: [LinkerSetting] = {
    let folders = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"]
    guard folders.contains(where: { FileManager.default.fileExists(atPath: $0 + "/libtcmalloc_minimal.so.4") }) else {
        return []
    }
    return [.linkedLibrary(":libtcmalloc_minimal.so.4", .when(platforms: [.linux], configuration: .release))]
}()

let package = Package(
    name: "magsag-lint",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "magsag-lint", targets: ["magsag-lint"]),
        .library(name: "MagsagJSONSchema", targets: ["MagsagJSONSchema"]),
        .library(name: "MagsagSource", targets: ["MagsagSource"]),
        .library(name: "MagsagLintCore", targets: ["MagsagLintCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    ],
    targets: [
        // C libraries, each imported by exactly one Swift module.
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),

        // Keeps libgit2 from parsing the system's CA bundle at start-up (see skip_ca_bundle.c).
        .target(name: "CSkipCABundle"),
        .target(name: "CProcessExit"),

        // Located documents: JSON (own parser), YAML (Yams), Markdown (cmark-gfm).
        .target(
            name: "MagsagSource",
            dependencies: ["Yams", "CCmarkGFM"],
            swiftSettings: swiftSettings
        ),
        // Read-only repository access through libgit2.
        .target(
            name: "MagsagGit",
            dependencies: ["CLibGit2"],
            swiftSettings: swiftSettings
        ),
        // JSON Schema drafts 4 to 2020-12 over located values; knows nothing of rules.
        .target(
            name: "MagsagJSONSchema",
            dependencies: ["MagsagSource"],
            swiftSettings: swiftSettings
        ),
        // Diagnostics, rule framework, file sources, engine, reporters.
        .target(
            name: "MagsagLintCore",
            dependencies: ["MagsagSource", "MagsagGit"],
            swiftSettings: swiftSettings
        ),
        // The MAGSAG catalog model (agents, skills, registries, contracts, references, versions), built
        // once per run and shared by the rules and the runner.
        .target(
            name: "MagsagCatalog",
            dependencies: ["MagsagLintCore", "MagsagSource"],
            swiftSettings: swiftSettings
        ),
        // The embedded MAG/SAG runner: fixtures replayed (or executed) through every contract edge.
        .target(
            name: "MagsagRunner",
            dependencies: ["MagsagCatalog", "MagsagJSONSchema", "MagsagLintCore", "MagsagSource"],
            swiftSettings: swiftSettings
        ),
        // The built-in rules.
        .target(
            name: "MagsagLintRules",
            dependencies: ["MagsagLintCore", "MagsagSource", "MagsagJSONSchema", "MagsagCatalog", "MagsagRunner"],
            swiftSettings: swiftSettings
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "magsag-lint",
            dependencies: [
                "MagsagLintCore", "MagsagLintRules", "MagsagJSONSchema", "MagsagSource", "MagsagGit", "MagsagRunner",
                "MagsagCatalog", "CSkipCABundle", "CProcessExit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings,
            // Exported so that libgit2's call binds to the executable's definition.
            linkerSettings: tcmalloc + [
                .unsafeFlags(["-Xlinker", "--export-dynamic-symbol=mbedtls_x509_crt_parse_file"], .when(platforms: [.linux])),
            ]
        ),

        // Helpers several test suites share (a seeded random generator); used by tests only.
        .target(name: "MagsagTestSupport", path: "Tests/Support", swiftSettings: swiftSettings),

        .testTarget(name: "MagsagSourceTests", dependencies: ["MagsagSource", "MagsagTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "MagsagGitTests", dependencies: ["MagsagGit", "MagsagTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MagsagJSONSchemaTests",
            dependencies: ["MagsagJSONSchema", "MagsagSource", "MagsagTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MagsagRunnerTests",
            dependencies: ["MagsagRunner", "MagsagCatalog", "MagsagJSONSchema", "MagsagLintCore", "MagsagSource"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MagsagLintCoreTests",
            dependencies: ["MagsagLintCore", "MagsagSource", "MagsagGit", "MagsagTestSupport"],
            exclude: ["Snapshots"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MagsagLintRulesTests",
            dependencies: ["MagsagLintRules", "MagsagLintCore", "MagsagSource", "MagsagCatalog", "MagsagJSONSchema", "MagsagTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MagsagLintCLITests",
            dependencies: [
                "magsag-lint", "MagsagLintCore", "MagsagLintRules", "MagsagGit", "MagsagSource", "MagsagRunner", "MagsagTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
