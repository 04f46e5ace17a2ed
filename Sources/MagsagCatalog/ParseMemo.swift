import MagsagLintCore

/// Results of a pure parse by input, shared by every thread of the process. Catalogs and fixtures
/// repeat the same few reference and range texts thousands of times (`magsag://sub.x@^1.0.0` in every
/// fixture calling `x`), so most parses become one hash lookup. Bounded: past `limit` entries the
/// table starts over, so hostile input cannot grow it without end.
final class ParseMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let table = Locked<[Key: Value]>([:])
    private let limit: Int

    init(limit: Int = 8_192) { self.limit = limit }

    /// The memoized value of `key`, computed by `parse` outside the lock when absent.
    func value(_ key: Key, _ parse: (Key) -> Value) -> Value {
        if let known = table.withLock({ $0[key] }) { return known }
        let parsed = parse(key)
        table.withLock { table in
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table[key] = parsed
        }
        return parsed
    }
}
