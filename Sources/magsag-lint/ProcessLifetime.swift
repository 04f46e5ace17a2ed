import MagsagLintCore

/// Objects kept alive until the process exits, so that exiting does not first release a large object
/// graph (the parsed snapshot) one allocation at a time; the operating system reclaims it at once.
enum ProcessLifetime {
    private static let kept = Locked<[any Sendable]>([])

    /// Keep `object` (and everything it references) alive until the process exits.
    static func keep(_ object: any Sendable) {
        kept.withLock { $0.append(object) }
    }
}
