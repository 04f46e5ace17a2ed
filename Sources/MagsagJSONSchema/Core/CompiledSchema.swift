import MagsagSource

/// Validation settings.
public struct ValidationOptions: Sendable {
    /// Treat `format` as an assertion (otherwise an annotation, as 2019-09+ specify by default).
    public var assertFormat = false
    /// Backtracking steps allowed per regular-expression match before giving up with an error.
    public var regexStepLimit = 1_000_000
    /// Bound on nested reference traversals (defends against pathological recursion).
    public var maxReferenceDepth = 400
    /// Bound on instance nesting followed by validation (deeper values are reported, not validated).
    public var maxInstanceDepth = 512

    /// Options with the given values.
    public init(assertFormat: Bool = false, regexStepLimit: Int = 1_000_000, maxReferenceDepth: Int = 400) {
        self.assertFormat = assertFormat
        self.regexStepLimit = regexStepLimit
        self.maxReferenceDepth = maxReferenceDepth
    }
}

/// A schema compiled for validation: immutable, shareable across threads, reusable for many instances.
public final class CompiledSchema: Sendable {
    let root: SchemaNode
    /// The options it was compiled with.
    public let options: ValidationOptions

    let usesDynamicScope: Bool

    init(root: SchemaNode, options: ValidationOptions, usesDynamicScope: Bool) {
        self.root = root
        self.options = options
        self.usesDynamicScope = usesDynamicScope
    }

    /// Every reason `instance` does not conform (empty when valid).
    public func validate(_ instance: SourceValue) -> [ValidationError] {
        // Every child value is decided quietly first (see `Evaluator.validateChild`): a valid subtree
        // builds no paths and no errors, so a valid instance costs about as much as `isValid`.
        let evaluator = Evaluator(options: options, collect: true, tracksScopes: usesDynamicScope)
        var none: Annotations?
        _ = evaluator.validate(root, instance, PathNode.root(), PathNode.root(), &none)
        return evaluator.errors
    }

    /// Whether `instance` conforms; stops at the first failure and builds no errors.
    public func isValid(_ instance: SourceValue) -> Bool {
        let evaluator = Evaluator(options: options, collect: false, tracksScopes: usesDynamicScope)
        var none: Annotations?
        return evaluator.validate(root, instance, nil, nil, &none)
    }

    /// The dialect of the root schema.
    public var dialect: Dialect { root.resource.dialect }
}
