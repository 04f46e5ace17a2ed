import Foundation
import MagsagGit
import Testing

/// magsag-lint never uses the network: every command runs under `strace`, and no process of the run
/// may open an internet socket, even on a repository full of remote `$ref`s, external links and MCP
/// server URLs. (`make test` installs strace through `scripts/bootstrap --test`.)
@Suite struct NoNetworkTests {
    static let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `arguments` under strace and returns the internet socket calls of every process; the log
    /// always holds the `execve` of the command when tracing works.
    static func networkCalls(_ executable: String, _ arguments: [String]) throws -> (calls: [String], status: Int32, log: String) {
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-strace-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: trace) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: strace ?? "/usr/bin/strace")
        process.arguments = ["-f", "-qq", "-e", "trace=execve,socket,connect,sendto,sendmsg", "-o", trace.path, executable] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        try process.run()
        process.waitUntilExit()
        let log = (try? String(contentsOf: trace, encoding: .utf8)) ?? ""
        let calls = log.split(separator: "\n").map(String.init).filter { $0.contains("AF_INET") }
        return (calls, process.terminationStatus, log)
    }

    @Test func theTracerSeesAnInternetSocket() throws {
        guard Self.strace != nil else {
            withKnownIssue("strace is not installed (run scripts/bootstrap --test)") { Issue.record("no strace") }
            return
        }
        let probe = try Self.networkCalls("/usr/bin/python3", ["-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)"])
        if probe.log.isEmpty {
            withKnownIssue("strace cannot trace here (ptrace not permitted)") { Issue.record("no trace") }
            return
        }
        #expect(!probe.calls.isEmpty, "the probe's socket(AF_INET, …) must be seen: \(probe.log)")
    }

    @Test func noCommandOpensAnInternetSocket() throws {
        guard Self.strace != nil else {
            withKnownIssue("strace is not installed (run scripts/bootstrap --test)") { Issue.record("no strace") }
            return
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-nonet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        let contract = "catalog/contracts/a_input.schema.json"
        try writer.write("catalog/agents/main/a-mag/agent.yaml", "version: 1.0.0\nslug: a-mag\nrole: main\ncontracts:\n  input_schema: \(contract)\n")
        try writer.write(contract, #"{"$schema": "http://json-schema.org/draft-07/schema#", "$ref": "https://example.com/remote.schema.json#/defs/x"}"#)
        try writer.write("docs/guide.md", "# Guide\n\n[site](https://example.com/page) and [mail](mailto:a@example.com)\n")
        try writer.write("tools/adk/servers/web.yaml", "id: web\nversion: 1.0.0\ntransport: http\nurl: https://mcp.example.com/sse\n")
        try writer.stage("catalog/agents/main/a-mag/agent.yaml", contract, "docs/guide.md", "tools/adk/servers/web.yaml")
        let first = try writer.commit("first")
        try writer.write(contract, #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}"#)
        try writer.stage(contract)
        _ = try writer.commit("second")

        let binary = CLI.executable.path
        let commands: [[String]] = [
            ["check", root.path],
            ["check", "--staged", "--format", "sarif", root.path],
            ["check", "--since", first, root.path],
            ["validate", "--schema", root.appendingPathComponent(contract).path, root.appendingPathComponent("docs/guide.md").path],
            ["audit", "--format", "html", root.path],
            ["run", "--all", "-C", root.path],
            ["diff-contracts", "\(first)..HEAD", root.path],
            ["hook", "pre-commit", "--repository", root.path],
        ]
        for command in commands {
            let result = try Self.networkCalls(binary, command)
            if result.log.isEmpty {
                withKnownIssue("strace cannot trace here (ptrace not permitted)") { Issue.record("no trace") }
                return
            }
            #expect(result.status == 0 || result.status == 1 || result.status == 2, "\(command): exit \(result.status)")
            #expect(result.calls.isEmpty, "\(command) opened an internet socket: \(result.calls)")
        }
    }

    /// libgit2 built with mbedTLS reads the system's CA bundle in `git_libgit2_init`; the executable's
    /// own `mbedtls_x509_crt_parse_file` (Sources/CSkipCABundle) keeps it from doing so, since no run
    /// uses TLS. Checked where libgit2 links mbedTLS and the bundle exists (Debian's build), by tracing
    /// which files a run on a repository opens.
    @Test func theCABundleIsNeverRead() throws {
        let bundle = "/etc/ssl/certs/ca-certificates.crt"
        let linksMbedTLS = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu"].contains { folder in
            FileManager.default.fileExists(atPath: folder + "/libmbedx509.so.1")
        }
        guard let strace = Self.strace, linksMbedTLS, FileManager.default.fileExists(atPath: bundle) else {
            withKnownIssue("strace, libgit2's mbedTLS or the CA bundle is missing here") { Issue.record("not checkable") }
            return
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-cabundle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        try writer.write("docs/guide.md", "# Guide\n")
        try writer.stage("docs/guide.md")
        _ = try writer.commit("first")
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-strace-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: trace) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: strace)
        process.arguments = ["-f", "-qq", "-e", "trace=execve,open,openat", "-o", trace.path, CLI.executable.path, "check", root.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let log = (try? String(contentsOf: trace, encoding: .utf8)) ?? ""
        if log.isEmpty {
            withKnownIssue("strace cannot trace here (ptrace not permitted)") { Issue.record("no trace") }
            return
        }
        #expect(process.terminationStatus == 0 || process.terminationStatus == 1, "\(log.prefix(2000))")
        #expect(log.contains("libgit2"), "the trace must show libgit2 being loaded: \(log.prefix(2000))")
        let opened = log.split(separator: "\n").filter { $0.contains(bundle) && !$0.contains("ENOENT") }
        #expect(opened.isEmpty, "the CA bundle was opened: \(opened)")
    }
}
