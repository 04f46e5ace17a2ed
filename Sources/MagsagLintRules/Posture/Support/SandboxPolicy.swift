import MagsagLintCore
import MagsagSource

/// A sandbox or runtime policy (`tools/security/policy/*.yaml`): network access, resource limits and the
/// functions agent and skill code must not call.
///
/// The settings are read at the top level of the file or inside one `sandbox`, `runtime`, `policy` or
/// `spec` object; a file with none of `network`, a limits object or a forbidden-function list is not a
/// sandbox policy and is left alone.
struct SandboxPolicy: Sendable {
    /// One name from the forbidden-function list.
    struct Forbidden: Sendable {
        var name: String
        var path: String
        var range: SourceRange
    }

    let path: String
    /// The object holding the settings.
    let settings: SourceObject
    /// Where a finding about a missing setting goes: the container's key, else the file start.
    let anchor: SourceRange

    static let containers = ["sandbox", "runtime", "policy", "spec"]
    static let networkKeys = ["network", "networking", "network_access", "egress"]
    static let limitKeys = ["limits", "resources", "resource_limits"]
    static let forbiddenKeys = ["forbidden_functions", "forbidden_calls", "denied_functions", "blocked_functions", "disallowed_functions"]
    static let justificationKeys = ["justification", "reason", "rationale"]

    /// The policy in `document`, or nil when it is not a sandbox policy.
    init?(_ document: LintDocument) {
        guard let root = document.root, let top = root.objectValue else { return nil }
        var settings = top
        var anchor = SourceRange.fileStart
        if !Self.hasSandboxKey(top) {
            guard let member = top.members.first(where: { member in
                Self.containers.contains(member.key) && member.value.objectValue.map(Self.hasSandboxKey) == true
            }), let inner = member.value.objectValue else { return nil }
            settings = inner
            anchor = member.keyRange
        }
        self.path = document.path
        self.settings = settings
        self.anchor = anchor
    }

    private static func hasSandboxKey(_ object: SourceObject) -> Bool {
        object.keys.contains { networkKeys.contains($0) || limitKeys.contains($0) || forbiddenKeys.contains($0) }
    }

    /// The first member among `keys`.
    func member(_ keys: [String]) -> SourceObject.Member? {
        keys.lazy.compactMap { settings.member($0) }.first
    }

    /// The names listed as forbidden (strings only, trimmed, non-empty).
    var forbidden: [Forbidden] {
        guard let list = member(Self.forbiddenKeys)?.value.arrayValue else { return [] }
        return list.compactMap { value in
            guard let text = value.stringValue else { return nil }
            let name = String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            guard !name.isEmpty else { return nil }
            return Forbidden(name: name, path: path, range: value.range)
        }
    }
}

/// The sandbox policies of a run, from the configured folders; built once.
enum SandboxPolicies {
    static let defaultFolders = ["tools/security/policy"]
    /// The rules whose `policy-folders` option sets the folders (the option on any of them applies to all).
    static let ruleIDs = ["forbidden-function-call", "missing-forbidden-functions", "missing-sandbox-limits", "unrestricted-sandbox-network"]

    /// The configured folders, with a trailing `/`.
    static func folders(_ settings: LintSettings) -> [String] {
        var folders: [String] = []
        for id in ruleIDs {
            for value in settings.options[id]?["policy-folders"]?.arrayValue ?? [] {
                if let folder = value.stringValue, !folder.isEmpty, !folders.contains(folder) { folders.append(folder) }
            }
        }
        return (folders.isEmpty ? defaultFolders : folders).map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    /// Whether `path` is a YAML file in (or below) a policy folder.
    static func isPolicyFile(_ path: String, settings: LintSettings) -> Bool {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return false }
        return folders(settings).contains { path.hasPrefix($0) }
    }

    /// Every sandbox policy of the snapshot, sorted by path.
    static func all(in repository: RepositoryIndex, settings: LintSettings) -> [SandboxPolicy] {
        let folders = folders(settings)
        return repository.memoized("posture.sandbox-policies|" + folders.joined(separator: "|")) { repository in
            repository.sortedPaths.compactMap { path in
                guard !repository.deleted.contains(path), isPolicyFile(path, settings: settings),
                      let document = repository.documents[path] else { return nil }
                return SandboxPolicy(document)
            }
        }
    }
}

extension SandboxPolicies {
    /// The linted policies that lack a setting no other policy of the same folder provides (policies
    /// may split network, limits and forbidden functions into separate files).
    static func lacking(_ keys: [String], in repository: RepositoryIndex, settings: LintSettings) -> [SandboxPolicy] {
        let policies = all(in: repository, settings: settings)
        func folder(_ path: String) -> Substring { path[..<(path.lastIndex(of: "/") ?? path.startIndex)] }
        let provided = Set(policies.filter { $0.member(keys) != nil }.map { folder($0.path) })
        return policies.filter { repository.linted.contains($0.path) && !provided.contains(folder($0.path)) }
    }
}
