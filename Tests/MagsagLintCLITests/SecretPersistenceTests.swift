import Foundation
import MagsagGit
import Testing

/// Secrets stay out of what a run writes to disk: the result cache and the baseline.
@Suite struct SecretPersistenceTests {
    @Test func cacheAndBaselineNeverHoldASecret() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-secret-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        // Invented, well-formed values, assembled here so that no committed file contains one.
        let token = "sk_live_" + String("Zq7Lm2Xv9Pw4Rt8Ny3Kd6Hs1Bf5".reversed())
        let password = "Vh3" + "kR8pWq2Zn6Ty4Lx"
        try writer.write("catalog/policies/leak.yaml", "stripe: \(token)\ndb:\n  password: \(password)\n")
        try writer.stage("catalog/policies/leak.yaml")
        _ = try writer.commit("leak")
        let baseline = root.appendingPathComponent("baseline.json")
        let first = try CLI.run(["check", "--format", "json", root.path])
        #expect(first.status == 1, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("secret-in-file") && first.stdout.contains("generic-secret"), "\(first.stdout)")
        _ = try CLI.run(["check", root.path])  // warm run, served from the cache
        _ = try CLI.run(["check", "--write-baseline", baseline.path, root.path])
        let cacheFolder = root.appendingPathComponent(".git/magsag-lint")
        var written: [URL] = [baseline]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: cacheFolder.path)) ?? [] {
            written.append(cacheFolder.appendingPathComponent(name))
        }
        #expect(written.count >= 2, "no cache file was written: \(written)")
        for url in written {
            let bytes = try Data(contentsOf: url)
            for secret in [token, password] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(url.lastPathComponent) contains a secret")
                #expect(bytes.range(of: Data(secret.dropFirst(4).utf8)) == nil, "\(url.lastPathComponent) contains a secret's tail")
            }
        }
    }
}
