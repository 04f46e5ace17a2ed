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
/// Only the parts of the index format needed to reach the extensions are read: the header and each
/// entry's length (versions 2, 3 and 4, path compression included). An index this reader does not
/// know exactly (another version, a split or sparse index, a SHA-256 repository, a file that is not
/// the one libgit2 loaded) yields nil, and callers compare the whole trees instead.
struct IndexCacheTree {
    /// One directory, in the extension's pre-order: where its name lies in `bytes`, how many index
    /// entries it covers (-1 when invalidated), where its tree id lies (when valid), how many
    /// subdirectories it has, and the position of the node after its whole subtree (its next sibling).
    private struct Node {
        var nameStart: Int
        var nameLength: Int
        var entryCount: Int
        var idStart: Int
        var childCount: Int
        var end: Int
    }

    private let bytes: [UInt8]
    private var nodes: [Node] = []

    /// How many directories the extension records.
    var nodeCount: Int { nodes.count }

    /// The subdirectories of node `node` (0 is the root) by name.
    func children(of node: Int) -> [ArraySlice<UInt8>: Int] {
        var children: [ArraySlice<UInt8>: Int] = [:]
        children.reserveCapacity(nodes[node].childCount)
        var position = node + 1
        for _ in 0..<nodes[node].childCount {
            let child = nodes[position]
            children[bytes[child.nameStart..<(child.nameStart + child.nameLength)]] = position
            position = child.end
        }
        return children
    }

    /// Whether node `node` is valid, covers `entries` index entries and records the tree `id`.
    func isValid(_ node: Int, entries: Int, id: UnsafePointer<git_oid>) -> Bool {
        let node = nodes[node]
        guard node.entryCount >= 0, node.entryCount == entries else { return false }
        return withUnsafeBytes(of: id.pointee.id) { raw in
            raw.count >= 20 && (0..<20).allSatisfy { raw[$0] == bytes[node.idStart + $0] }
        }
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The extension of the index file at `path`, when its trailing checksum is `checksum` (the
    /// index libgit2 loaded) and it holds `entryCount` entries.
    static func read(indexPath path: String, checksum: [UInt8], entryCount: Int) -> IndexCacheTree? {
        var status = stat()
        guard stat(path, &status) == 0, let bytes = FileSystem.read(path, sizeHint: Int(status.st_size)) else { return nil }
        return parse(bytes, checksum: checksum, entryCount: entryCount)
    }

    /// The extension of the index file `bytes` (see `read`).
    static func parse(_ bytes: [UInt8], checksum: [UInt8], entryCount: Int) -> IndexCacheTree? {
        let hashLength = 20
        guard checksum.count == hashLength, bytes.count >= 12 + hashLength,
              Array(bytes[(bytes.count - hashLength)...]) == checksum,
              bytes[0] == 0x44, bytes[1] == 0x49, bytes[2] == 0x52, bytes[3] == 0x43 // "DIRC"
        else { return nil }
        let version = bigEndian(bytes, 4, 4)
        guard (2...4).contains(version), bigEndian(bytes, 8, 4) == entryCount else { return nil }
        let end = bytes.count - hashLength
        var offset = 12
        for _ in 0..<entryCount {
            guard let next = entryEnd(bytes, at: offset, version: version, end: end) else { return nil }
            offset = next
        }
        var tree: IndexCacheTree?
        while offset + 8 <= end {
            let signature = bytes[offset..<(offset + 4)]
            let size = bigEndian(bytes, offset + 4, 4)
            let body = offset + 8
            guard size <= end - body else { return nil }
            switch Array(signature) {
            case Array("TREE".utf8):
                var cursor = body
                var parsed = IndexCacheTree(bytes: bytes)
                guard parsed.parseNode(&cursor, end: body + size, depth: 0), cursor == body + size else { return nil }
                tree = parsed
            case Array("link".utf8), Array("sdir".utf8):
                return nil // a split index keeps its entries elsewhere; a sparse one has directory entries
            default:
                break
            }
            offset = body + size
        }
        guard offset == end, let tree, tree.nodeCount > 0 else { return nil }
        return tree
    }

    /// Where the entry starting at `offset` ends, or nil when the bytes are not a well-formed entry.
    private static func entryEnd(_ bytes: [UInt8], at offset: Int, version: Int, end: Int) -> Int? {
        guard offset + 62 <= end else { return nil }
        let flags = bigEndian(bytes, offset + 60, 2)
        let extended = flags & 0x4000 != 0
        guard !extended || version >= 3 else { return nil }
        var cursor = offset + (extended ? 64 : 62)
        if version == 4 {
            // A varint (how many bytes of the previous path to drop), then the rest of the path.
            var byte: UInt8
            var steps = 0
            repeat {
                guard cursor < end, steps < 10 else { return nil }
                byte = bytes[cursor]
                cursor += 1
                steps += 1
            } while byte & 0x80 != 0
        }
        guard let nul = bytes[cursor..<end].firstIndex(of: 0) else { return nil }
        if version == 4 { return nul + 1 }
        let fixed = extended ? 64 : 62
        let length = (fixed + (nul - cursor) + 8) & ~7
        guard offset + length <= end else { return nil }
        return offset + length
    }

    /// Parses one node and its subtrees into `nodes`.
    private mutating func parseNode(_ cursor: inout Int, end: Int, depth: Int) -> Bool {
        guard depth < 4_096, let nul = bytes[cursor..<end].firstIndex(of: 0) else { return false }
        let nameStart = cursor
        cursor = nul + 1
        guard let count = Self.decimal(bytes, &cursor, end: end, terminator: 0x20),
              let subtrees = Self.decimal(bytes, &cursor, end: end, terminator: 0x0A), subtrees >= 0 else { return false }
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
            guard parseNode(&cursor, end: end, depth: depth + 1) else { return false }
        }
        nodes[index].end = nodes.count
        return true
    }

    /// A signed decimal number ending at `terminator`.
    private static func decimal(_ bytes: [UInt8], _ cursor: inout Int, end: Int, terminator: UInt8) -> Int? {
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

    private static func bigEndian(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int {
        var value = 0
        for i in 0..<count { value = value << 8 | Int(bytes[offset + i]) }
        return value
    }
}
