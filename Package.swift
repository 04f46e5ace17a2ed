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

/// Release builds of the executable link libgit2 and the libraries it needs statically when the
/// system has their archives (`libgit2-dev` and its dependencies install them on Debian): the dynamic
/// loader then maps, relocates and binds 9 fewer shared libraries at every start, about 3 ms of each
/// run, which a hook pays on every commit (see docs/performance.md). Kerberos (GSSAPI) ships no
/// archive and stays shared. Without the archives, or in debug builds, libgit2 is linked as a shared
/// library. `-z muldefs`: the executable's definition of `mbedtls_x509_crt_parse_file`
/// (`CSkipCABundle`) comes first and stands in for the one in libmbedx509's archive.
let staticGit: [LinkerSetting] = {
    let folder = "/usr/lib/x86_64-linux-gnu"
    let archives = ["libgit2", "libmbedtls", "libmbedx509", "libmbedcrypto", "libhttp_parser", "libssh2", "libcrypto", "libpcre2-8", "libz"]
        .map { folder + "/" + $0 + ".a" }
    guard archives.allSatisfy({ FileManager.default.fileExists(atPath: $0) }),
          FileManager.default.fileExists(atPath: folder + "/libgssapi_krb5.so.2") else { return [] }
    let flags = ["-Xlinker", "-z", "-Xlinker", "muldefs"] + archives.flatMap { ["-Xlinker", $0] } + ["-Xlinker", folder + "/libgssapi_krb5.so.2"]
    return [.unsafeFlags(flags, .when(platforms: [.linux], configuration: .release))]
}()

/// Where libgit2 is linked as a shared library, the executable exports its `mbedtls_x509_crt_parse_file`
/// so that libgit2's call binds to it (see skip_ca_bundle.c).
let skipCABundleExport: [LinkerSetting] = {
    let flags = ["-Xlinker", "--export-dynamic-symbol=mbedtls_x509_crt_parse_file"]
    return staticGit.isEmpty ? [.unsafeFlags(flags, .when(platforms: [.linux]))]
        : [.unsafeFlags(flags, .when(platforms: [.linux], configuration: .debug))]
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
            swiftSettings: swiftSettings,
            linkerSettings: staticGit.isEmpty ? [.linkedLibrary("git2")] : [.linkedLibrary("git2", .when(configuration: .debug))]
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
            linkerSettings: tcmalloc + staticGit + skipCABundleExport
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
