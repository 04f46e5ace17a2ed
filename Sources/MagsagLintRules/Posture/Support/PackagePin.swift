/// Whether the package an MCP command line runs is pinned to one exact version.
///
/// Understood launchers: `npx`, `bunx`, `pnpx`, `npm exec`/`npm x`, `pnpm dlx`, `yarn dlx`, `bun x`
/// (npm specs: `name@1.2.3`), `uvx`, `uv tool run`, `pipx run` (Python specs: `name==1.2.3` or
/// `name@1.2.3`), and `docker run`/`podman run` (images: a `@sha256:` digest, or a tag other than
/// `latest`; with `requireImageDigest`, only a digest). Anything else (`node server.js`, `python -m x`)
/// runs code from the repository and is not a package.
enum PackagePin {
    /// One unpinned package and why.
    struct Finding {
        var word: MCPLaunch.Word
        var problem: String
    }

    static func check(_ words: [MCPLaunch.Word], requireImageDigest: Bool) -> [Finding] {
        guard let first = words.first else { return [] }
        let program = MCPLaunch.program(first.text)
        let second = words.count > 1 ? words[1].text : ""
        let third = words.count > 2 ? words[2].text : ""
        switch program {
        case "npx", "bunx", "pnpx": return npm(Array(words.dropFirst()))
        case "npm" where second == "exec" || second == "x": return npm(Array(words.dropFirst(2)))
        case "pnpm" where second == "dlx", "yarn" where second == "dlx": return npm(Array(words.dropFirst(2)))
        case "bun" where second == "x": return npm(Array(words.dropFirst(2)))
        case "uvx": return python(Array(words.dropFirst()))
        case "uv" where second == "tool" && third == "run": return python(Array(words.dropFirst(3)))
        case "pipx" where second == "run": return python(Array(words.dropFirst(2)))
        case "docker", "podman":
            guard let run = words.firstIndex(where: { $0.text == "run" }) else { return [] }
            return image(Array(words[(run + 1)...]), requireDigest: requireImageDigest)
        default: return []
        }
    }

    // MARK: npm

    private static func npm(_ words: [MCPLaunch.Word]) -> [Finding] {
        var findings: [Finding] = []
        var packageFlag = false
        var i = 0
        while i < words.count {
            let text = words[i].text
            if text == "--" {
                if !packageFlag, i + 1 < words.count, let problem = npmProblem(words[i + 1].text) {
                    findings.append(Finding(word: words[i + 1], problem: problem))
                }
                break
            } else if text == "-p" || text == "--package" {
                packageFlag = true
                if i + 1 < words.count, let problem = npmProblem(words[i + 1].text) {
                    findings.append(Finding(word: words[i + 1], problem: problem))
                }
                i += 2
                continue
            } else if let value = text.dropPrefix("--package=") {
                packageFlag = true
                if let problem = npmProblem(value) { findings.append(Finding(word: words[i], problem: problem)) }
            } else if text == "-c" || text == "--call" {
                break
            } else if text.hasPrefix("-") {
                // Boolean flags (`-y`, `--yes`, `--quiet`, `--prefer-offline`).
            } else {
                if !packageFlag, let problem = npmProblem(text) { findings.append(Finding(word: words[i], problem: problem)) }
                break
            }
            i += 1
        }
        return findings
    }

    /// Why an npm package spec is not pinned, or nil when it is (or is not a registry spec).
    static func npmProblem(_ spec: String) -> String? {
        if spec.utf8Contains("$") || spec.hasPrefix(".") || spec.hasPrefix("/") || spec.hasPrefix("file:") || spec.hasPrefix("~") {
            return nil
        }
        if spec.utf8Contains("://") || spec.hasPrefix("github:") || spec.hasPrefix("git+") || spec.hasPrefix("gitlab:") {
            guard let hash = spec.asciiSplit("#", omittingEmptySubsequences: false).last, spec.utf8Contains("#"),
                  isCommitSHA(String(hash)) else {
                return spec.hasSuffix(".tgz") ? nil : "is a git or URL spec without a commit hash"
            }
            return nil
        }
        let nameEnd: String.Index? = spec.hasPrefix("@")
            ? spec.firstIndex(of: "/").flatMap { slash in spec[slash...].firstIndex(of: "@") }
            : spec.firstIndex(of: "@")
        guard let at = nameEnd else { return "has no version" }
        let version = String(spec[spec.index(after: at)...])
        if version.isEmpty { return "has no version" }
        if isExactSemver(version) || isExactSemver(String(version.drop { $0 == "v" || $0 == "=" })) { return nil }
        if version.first?.isLetter == true { return "uses the dist-tag '\(version)' instead of a version" }
        return "uses the range '\(version)' instead of one version"
    }

    // MARK: Python

    private static let pythonValueFlags: Set<String> = [
        "--python", "-p", "--index", "--index-url", "--extra-index-url", "--default-index", "-f", "--find-links",
        "--constraint", "--constraints", "--overrides", "--with-requirements", "--with-editable", "--python-platform",
        "--cache-dir", "--directory", "--config-file", "--pip-args", "--index-strategy", "--keyring-provider",
    ]

    private static func python(_ words: [MCPLaunch.Word]) -> [Finding] {
        var findings: [Finding] = []
        var fromFlag = false
        var i = 0
        while i < words.count {
            let text = words[i].text
            if text == "--from" || text == "--spec" || text == "--with" {
                fromFlag = fromFlag || text != "--with"
                if i + 1 < words.count {
                    for spec in words[i + 1].text.asciiSplit(",") {
                        if let problem = pythonProblem(String(spec)) { findings.append(Finding(word: words[i + 1], problem: problem)); break }
                    }
                }
                i += 2
                continue
            }
            if let value = text.dropPrefix("--from=") ?? text.dropPrefix("--spec=") ?? text.dropPrefix("--with=") {
                fromFlag = fromFlag || !text.hasPrefix("--with=")
                if let problem = pythonProblem(value) { findings.append(Finding(word: words[i], problem: problem)) }
            } else if pythonValueFlags.contains(text) {
                i += 2
                continue
            } else if text == "--" || !text.hasPrefix("-") {
                let index = text == "--" ? i + 1 : i
                if !fromFlag, index < words.count, let problem = pythonProblem(words[index].text) {
                    findings.append(Finding(word: words[index], problem: problem))
                }
                break
            }
            i += 1
        }
        return findings
    }

    /// Why a Python requirement is not pinned (`name==1.2.3`, `name@1.2.3`), or nil.
    static func pythonProblem(_ spec: String) -> String? {
        if spec.utf8Contains("$") || spec.hasPrefix(".") || spec.hasPrefix("/") || spec.hasPrefix("~") || spec.utf8Contains("://") {
            return nil
        }
        if let range = spec.utf8Range(of: "==") {
            let version = spec[range.upperBound...].drop { $0 == "=" }
            return version.isEmpty || version.utf8Contains("*") || version.utf8Contains(",") ? "has no exact version" : nil
        }
        if let at = spec.firstIndex(of: "@") {
            let version = spec[spec.index(after: at)...]
            if version == "latest" { return "uses 'latest' instead of a version" }
            return version.first?.isNumber == true && !version.contains(where: { "<>=~!*^,".contains($0) })
                ? nil : "has no exact version"
        }
        for op in ["~=", ">=", "<=", "!=", ">", "<"] where spec.contains(op) {
            return "uses a version range instead of '==<version>'"
        }
        return "has no version"
    }

    // MARK: Images

    private static let dockerValueFlags: Set<String> = [
        "-e", "--env", "--env-file", "-v", "--volume", "-p", "--publish", "--name", "--network", "--net", "-w",
        "--workdir", "-u", "--user", "--entrypoint", "--mount", "-l", "--label", "--platform", "-m", "--memory",
        "--cpus", "--add-host", "--cap-add", "--cap-drop", "--security-opt", "--tmpfs", "--pull", "-h", "--hostname",
        "--ulimit", "--device", "--gpus", "--restart", "--log-driver", "--log-opt", "--dns", "--ipc", "--pid",
        "--shm-size", "--stop-signal", "--runtime", "--expose", "--group-add", "--cidfile", "--label-file",
        "--memory-swap", "--cpu-shares", "-c", "--cpuset-cpus", "--health-cmd", "--userns", "--uts", "--volumes-from",
    ]

    private static func image(_ words: [MCPLaunch.Word], requireDigest: Bool) -> [Finding] {
        var i = 0
        while i < words.count {
            let text = words[i].text
            if dockerValueFlags.contains(text) {
                i += 2
                continue
            }
            if !text.hasPrefix("-") {
                return imageProblem(text, requireDigest: requireDigest).map { [Finding(word: words[i], problem: $0)] } ?? []
            }
            i += 1
        }
        return []
    }

    /// Why an image reference is not pinned, or nil.
    static func imageProblem(_ image: String, requireDigest: Bool) -> String? {
        if image.utf8Contains("$") { return nil }
        if let at = image.utf8Range(of: "@sha256:") {
            let digest = image[at.upperBound...]
            return digest.count == 64 && digest.allSatisfy(\.isHexDigit) ? nil : "has a malformed sha256 digest"
        }
        let last = image.asciiSplit("/").last.map(String.init) ?? image
        guard let colon = last.lastIndex(of: ":") else { return "has no tag or digest" }
        let tag = last[last.index(after: colon)...]
        if tag == "latest" || tag.isEmpty { return "uses the tag 'latest' instead of a digest or version tag" }
        return requireDigest ? "has a tag but no @sha256: digest" : nil
    }

    // MARK: Versions

    /// `1.2.3`, `1.2.3-rc.1`, `1.2.3+build`.
    static func isExactSemver(_ text: String) -> Bool {
        let core = text.prefix { $0 != "-" && $0 != "+" }
        let parts = core.asciiSplit(".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return false }
        let rest = text.dropFirst(core.count)
        return rest.allSatisfy { $0.isASCIILetterOrDigit || $0 == "." || $0 == "-" || $0 == "+" }
    }

    /// 40 hexadecimal digits.
    static func isCommitSHA(_ text: String) -> Bool {
        text.count == 40 && text.allSatisfy(\.isHexDigit)
    }
}

extension Character {
    /// `0`–`9`.
    var isASCIIDigit: Bool { isASCII && isNumber }
    /// ASCII letter or digit.
    var isASCIILetterOrDigit: Bool { isASCII && (isLetter || isNumber) }
}

private extension String {
    func dropPrefix(_ prefix: String) -> String? { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil }
}
