internal import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The cache-tree (`TREE`) extension of a git index file: for each directory git has not touched
/// since it last wrote a tree, the id of the tree its staged entries make. A directory whose cached
/// id equals the id of the same directory in HEAD holds no staged change, so comparing HEAD with the
/// index only needs to enter the directories on the way to what changed (`git diff --cached` works
/// the same way).
///
/// `IndexSnapshot` finds the extension while it reads the entries; an index it does not know exactly
/// (another version, a split or sparse index, a SHA-256 repository) has none, and callers compare the
/// whole trees instead.
struct IndexCacheTree: Sendable, Equatable {
    /// One directory, in the extension's pre-order: where its name lies in `bytes`, how many index
    /// entries it covers (-1 when invalidated), where its tree id lies (when valid), how many
    /// subdirectories it has, and the position of the node after its whole subtree (its next sibling).
    fileprivate struct Node: Equatable {
        var nameStart: Int
        var nameLength: Int
        var entryCount: Int
        var idStart: Int
        var childCount: Int
        var end: Int
    }

    fileprivate let bytes: [UInt8]
    fileprivate var nodes: [Node] = []

    /// How many directories the extension records.
    var nodeCount: Int { nodes.count }

    /// A directory name as a dictionary key (`children(of:)`, which tests read).
    struct Name: Hashable {
        let bytes: ArraySlice<UInt8>
        private let digest: UInt64

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            digest = hash
        }

        static func == (a: Name, b: Name) -> Bool { a.digest == b.digest && a.bytes.elementsEqual(b.bytes) }
        func hash(into hasher: inout Hasher) { hasher.combine(digest) }
    }

    /// The subdirectories of node `node` (0 is the root) by name (tests; walks use `childIndex(of:)`).
    func children(of node: Int) -> [Name: Int] {
        var children: [Name: Int] = [:]
        for child in childNodes(of: node) {
            children[Name(bytes[nodes[child].nameStart..<(nodes[child].nameStart + nodes[child].nameLength)])] = child
        }
        return children
    }

    /// The subdirectories of node `node`, to be looked up by name.
    func childIndex(of node: Int) -> CacheTreeChildren { CacheTreeChildren(tree: self, node: node) }

    /// How many index entries node `node` covers; -1 when it is invalid.
    func entryCount(_ node: Int) -> Int { nodes[node].entryCount }

    /// Whether node `node` is valid, covers `entries` index entries and records the tree whose 20-byte
    /// id is at `id`.
    func isValid(_ node: Int, entries: Int, rawID id: UnsafeRawPointer) -> Bool {
        let node = nodes[node]
        guard node.entryCount >= 0, node.entryCount == entries else { return false }
        return bytes.withUnsafeBytes { stored in memcmp(id, stored.baseAddress! + node.idStart, 20) == 0 }
    }

    /// Whether node `node` is valid, covers `entries` index entries and records the tree `id`.
    func isValid(_ node: Int, entries: Int, id: UnsafePointer<git_oid>) -> Bool {
        let node = nodes[node]
        guard node.entryCount >= 0, node.entryCount == entries else { return false }
        return withUnsafeBytes(of: id.pointee.id) { raw in
            raw.count >= 20 && bytes.withUnsafeBytes { stored in memcmp(raw.baseAddress!, stored.baseAddress! + node.idStart, 20) == 0 }
        }
    }

    /// The extension whose body lies at `body` in the index file `bytes` (found by
    /// `IndexSnapshot`'s reader, which checked the entries before it); nil when it is malformed or empty.
    init?(bytes: [UInt8], extension body: Range<Int>) {
        guard body.lowerBound >= 0, body.upperBound <= bytes.count else { return nil }
        self.bytes = bytes
        // Read through the buffer, into a local array (a large index records tens of thousands of
        // directories, every one of them parsed in every hook).
        var parsed: [Node] = []
        parsed.reserveCapacity(body.count / 48 + 1)
        let complete = bytes.withUnsafeBufferPointer { buffer -> Bool in
            var cursor = body.lowerBound
            return Self.parseNode(buffer, &cursor, end: body.upperBound, depth: 0, into: &parsed) && cursor == body.upperBound
        }
        guard complete, !parsed.isEmpty else { return nil }
        nodes = parsed
    }

    /// Parses one node and its subtrees into `nodes`.
    private static func parseNode(_ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Int, end: Int, depth: Int,
                                  into nodes: inout [Node]) -> Bool {
        guard depth < 4_096, cursor < end, end <= bytes.count, let base = bytes.baseAddress,
              let found = memchr(base + cursor, 0, end - cursor) else { return false }
        let nul = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        let nameStart = cursor
        cursor = nul + 1
        guard let count = decimal(bytes, &cursor, end: end, terminator: 0x20),
              let subtrees = decimal(bytes, &cursor, end: end, terminator: 0x0A), subtrees >= 0 else { return false }
        var idStart = -1
        if count >= 0 {
            guard end - cursor >= 20 else { return false }
            idStart = cursor
            cursor += 20
        }
        let index = nodes.count
        nodes.append(Node(nameStart: nameStart, nameLength: nul - nameStart, entryCount: max(count, -1), idStart: idStart,
                          childCount: subtrees, end: 0))
        for _ in 0..<subtrees {
            guard parseNode(bytes, &cursor, end: end, depth: depth + 1, into: &nodes) else { return false }
        }
        nodes[index].end = nodes.count
        return true
    }

    /// A signed decimal number ending at `terminator`.
    private static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Int, end: Int, terminator: UInt8) -> Int? {
        var negative = false
        if cursor < end, bytes[cursor] == 0x2D {
            negative = true
            cursor += 1
        }
        var value = 0
        var digits = 0
        while cursor < end, bytes[cursor] != terminator {
            let digit = Int(bytes[cursor]) - 0x30
            guard (0...9).contains(digit), digits < 18 else { return nil }
            value = value * 10 + digit
            digits += 1
            cursor += 1
        }
        guard cursor < end, digits > 0 else { return nil }
        cursor += 1
        return negative ? -value : value
    }
}

/// The folders of the staged snapshot that git recorded in the index's cache tree, for callers that
/// summarise a folder once and find the summary again by the folder's tree id while the folder is
/// unchanged. Node 0 is the root; a node is valid when git has not touched the folder since it last
/// wrote a tree, and then covers exactly `validEntryCount(_:)` index entries whose tree is `id`.
public struct IndexFolders: @unchecked Sendable, Equatable {
    let tree: IndexCacheTree
    /// The index the tree belongs to (read only, shared).
    @usableFromInline let snapshot: IndexSnapshot

    init(_ tree: IndexCacheTree, snapshot: IndexSnapshot) {
        self.tree = tree
        self.snapshot = snapshot
    }

    /// The same cache tree over the same entries (two reads of one index file are equal).
    public static func == (a: IndexFolders, b: IndexFolders) -> Bool {
        a.tree == b.tree && (a.snapshot === b.snapshot || a.snapshot.sameEntries(as: b.snapshot))
    }

    /// How many entries the index has.
    public var entryCount: Int { snapshot.count }

    /// The path bytes of index entry `position` (entries are in byte order), valid while `body` runs.
    @inline(__always)
    @inlinable
    public func withPath<T>(_ position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T { snapshot.withPath(position, body) }

    /// The root folder's node.
    public static let root = 0

    /// How many index entries node `node` covers, when it is valid.
    public func validEntryCount(_ node: Int) -> Int? {
        let count = tree.entryCount(node)
        return count >= 0 ? count : nil
    }

    /// The 20-byte tree id of valid node `node`.
    public func withID<T>(_ node: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T { tree.withID(node, body) }

    /// The subfolders of `node`, to be looked up by name.
    public func children(of node: Int) -> Children { tree.childIndex(of: node) }

    public typealias Children = CacheTreeChildren
}

/// The subdirectories of one node by name: names hashed once each (a wide folder has thousands),
/// looked up by their bytes without making a key per lookup.
public struct CacheTreeChildren: Sendable {
    private let tree: IndexCacheTree
    private let all: [Int]
    /// Open addressing over the names' hashes: a slot holds a position in `all` + 1, 0 when free; at
    /// most half full. A hook builds this for folders of 10,000 subfolders and looks names up in it
    /// 16,000 times: a dictionary of hashes spent more on hashing its keys (SipHash) than on the rest.
    private let slots: [Int32]

    init(tree: IndexCacheTree, node: Int) {
        self.tree = tree
        let all = tree.childNodes(of: node)
        var size = 8
        while size < all.count * 2 { size <<= 1 }
        var slots = [Int32](repeating: 0, count: size)
        let mask = size - 1
        for (position, child) in all.enumerated() {
            var slot = tree.withName(child) { Self.slot(of: $0, mask: mask) }
            // A name met twice (a damaged tree) keeps its first node, as a lookup by scan would.
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(position + 1)
        }
        self.all = all
        self.slots = slots
    }

    /// The subfolder named `name` (its bytes, no slash).
    public func node(named name: UnsafeRawBufferPointer) -> Int? {
        let mask = slots.count - 1
        var slot = Self.slot(of: name, mask: mask)
        while true {
            let held = Int(slots[slot])
            if held == 0 { return nil }
            let child = all[held - 1]
            if tree.withName(child, { Self.equal($0, name) }) { return child }
            slot = (slot + 1) & mask
        }
    }

    private static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// Where a name's search starts: FNV-1a over its bytes, mixed so the high bits spread.
    private static func slot(of bytes: UnsafeRawBufferPointer, mask: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        hash ^= hash >> 29
        hash &*= 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 32
        return Int(truncatingIfNeeded: hash) & mask
    }
}

extension IndexCacheTree {
    /// The nodes of `node`'s direct subfolders.
    func childNodes(of node: Int) -> [Int] {
        var found: [Int] = []
        found.reserveCapacity(nodes[node].childCount)
        var position = node + 1
        for _ in 0..<nodes[node].childCount {
            found.append(position)
            position = nodes[position].end
        }
        return found
    }

    /// The name bytes of node `node`.
    func withName<T>(_ node: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        let node = nodes[node]
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[node.nameStart..<(node.nameStart + node.nameLength)])) }
    }

    /// The 20-byte tree id of valid node `node`.
    func withID<T>(_ node: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        let node = nodes[node]
        precondition(node.entryCount >= 0, "an invalid cache-tree node has no id")
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[node.idStart..<(node.idStart + 20)])) }
    }
}
