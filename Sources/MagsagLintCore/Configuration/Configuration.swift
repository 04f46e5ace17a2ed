public import MagsagSource

/// The effective configuration of a run: defaults, then `.magsag-lint.yaml`, then command-line flags.
public struct Configuration: Sendable {
    /// Per-path adjustments.
    public struct Override: Sendable {
        public var paths: [Glob]
        public var disable: Set<String>
        public var severity: [String: Severity]

        public init(paths: [Glob], disable: Set<String> = [], severity: [String: Severity] = [:]) {
            self.paths = paths
            self.disable = disable
            self.severity = severity
        }
    }

    /// Where the MAGSAG parts of the repository live.
    public struct Roots: Sendable, Equatable {
        public var catalog = "catalog"
        public var docs = "docs"
        public var plans = "docs/development/plans"
        public var mcp = [".mcp/servers", "tools/adk/servers"]
        public init() {}
    }

    public var version = 1
    /// Rule ids turned off (categories already expanded to ids).
    public var disabled: Set<String> = []
    /// Rule ids named one by one in `enable`: the only way to turn on an opt-in rule.
    public var enabled: Set<String> = []
    /// Rule severities (a rule set to `off` is in `disabled` instead).
    public var severity: [String: Severity] = [:]
    /// Rule options, passed to rules as they are written.
    public var options: [String: SourceValue] = [:]
    /// Extra files to lint, beyond the MAGSAG roots.
    public var include: [Glob] = []
    /// Files never linted.
    public var exclude: [Glob] = []
    public var overrides: [Override] = []
    public var roots = Roots()
    /// The tag vocabulary document.
    public var taxonomy = "docs/governance/taxonomy.md"
    /// `last_synced` older than this is stale.
    public var staleAfterDays = 90
    public var maxFileSize = 2 << 20
    public var failLevel: Severity = .error
    /// Warnings fail the run too.
    public var strict = false
    /// The date rules compare against (`YYYY-MM-DD`); nil means the current UTC date.
    public var today: String?
    /// The version bump contract changes need (`version-policy`).
    public var versionPolicy = VersionPolicy()
    /// A repository JSON Schema replacing the built-in front-matter specification (`front-matter-schema`).
    public var frontMatterSchema: String?
    /// ExecPlan skeletons and plan indexes (`execplans`).
    public var execPlans = ExecPlanSettings()
    /// Resource bounds (`limits`).
    public var limits = ResourceLimits()
    /// Where the configuration came from (nil: defaults only).
    public var path: String?

    public init() {}

    /// The severity that makes the run fail.
    public var effectiveFailLevel: Severity { strict ? min(failLevel, .warning) : failLevel }

    /// The lint scope: MAGSAG roots plus `include`, minus `exclude`.
    public var scope: LintScope {
        var scope = LintScope(roots: [roots.catalog, roots.docs] + roots.mcp + [".mcp", ".github/workflows", "tools/security/policy"])
        scope.includeGlobs = include
        scope.excludeGlobs = exclude
        return scope
    }

    /// Settings rules may read.
    public var settings: LintSettings {
        var settings = LintSettings(today: today ?? LintSettings.currentUTCDate(), staleAfterDays: staleAfterDays,
                                    taxonomy: taxonomy, roots: roots, options: options)
        settings.versionPolicy = versionPolicy
        settings.frontMatterSchema = frontMatterSchema
        settings.execPlans = execPlans
        return settings
    }

    /// Whether `ruleID` is off for `path`.
    public func isDisabled(_ ruleID: String, path: String) -> Bool {
        if disabled.contains(ruleID) { return true }
        return overrides.contains { $0.disable.contains(ruleID) && $0.paths.contains { $0.matches(path) } }
    }

    /// The severity of `ruleID` on `path`, given its default.
    public func severity(of ruleID: String, path: String, default defaultSeverity: Severity) -> Severity {
        var result = severity[ruleID] ?? defaultSeverity
        for override in overrides where override.paths.contains(where: { $0.matches(path) }) {
            if let value = override.severity[ruleID] { result = value }
        }
        return result
    }
}
