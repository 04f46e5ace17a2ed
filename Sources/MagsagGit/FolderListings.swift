internal import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The names each work-tree folder held when a walk last read it, kept under the folder's `stat`
/// identity so the next walk reuses a listing instead of reading the folder again (what git's untracked
/// cache does for `git status`).
///
/// Adding, removing or renaming an entry changes its folder's modification and change times, so a
/// folder whose identity (device, inode, both times to the nanosecond, size) is unchanged holds the same
/// names. A folder modified less than `racyMargin` seconds before the walk began is not stored: a
/// change made after it was read could carry the same coarse timestamp. Only names and entry types are
/// kept; what is tracked, untracked or ignored is decided again on every walk, against the current
/// index and ignore rules.
///
/// The file (`folders-v1.bin`) is one block: a header naming the work tree, then one record per folder,
/// then a checksum of everything before it. A file that does not parse, names another work tree or
/// fails its checksum is ignored and rewritten.
public final class FolderListings: @unchecked Sendable {
    /// Seconds a folder must be older than the walk's start to be stored.
    static let racyMargin: Int = 2
    /// Files larger than this are neither read nor written.
    static let maxBytes = 256 << 20
    public static let fileName = "folders-v1.bin"
    private static let magic: [UInt8] = Array("MLFL".utf8) + [2, 0, 0, 0]

    /// What identifies a folder's state.
    struct Identity: Equatable, Sendable {
        var device: UInt64, inode: UInt64
        var modified: Int64, modifiedNanoseconds: Int64
        var changed: Int64, changedNanoseconds: Int64
        var size: Int64

        init(_ info: stat) {
            device = UInt64(truncatingIfNeeded: info.st_dev)
            inode = UInt64(truncatingIfNeeded: info.st_ino)
            modified = Int64(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
            changed = Int64(info.st_ctim.tv_sec)
            changedNanoseconds = Int64(info.st_ctim.tv_nsec)
            size = Int64(info.st_size)
        }

        init(device: UInt64, inode: UInt64, modified: Int64, modifiedNanoseconds: Int64, changed: Int64, changedNanoseconds: Int64, size: Int64) {
            self.device = device
            self.inode = inode
            self.modified = modified
            self.modifiedNanoseconds = modifiedNanoseconds
            self.changed = changed
            self.changedNanoseconds = changedNanoseconds
            self.size = size
        }

        static let byteCount = 7 * 8
    }

    /// Whether the file system holding `root` is one known to update a folder's times whenever an entry
    /// is added, removed or renamed: local file systems do; network and user-space ones (NFS, SMB,
    /// FUSE, 9p, shared folders of virtual machines) may not, and there every folder is read. Git asks
    /// the same of a file system before it uses its untracked cache.
    static func keepsFolderTimes(root: String) -> Bool {
        #if os(Linux)
        return keepsFolderTimes(linuxType: UInt32(truncatingIfNeeded: magsag_file_system_type(root)))
        #elseif canImport(Darwin)
        var info = statfs()
        guard statfs(root, &info) == 0 else { return false }
        let name = withUnsafeBytes(of: info.f_fstypename) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return ["apfs", "hfs"].contains(name)
        #else
        return false
        #endif
    }

    /// Whether a Linux file system of this `statfs` type updates folder times as `keepsFolderTimes` needs.
    static func keepsFolderTimes(linuxType type: UInt32) -> Bool {
        let local: Set<UInt32> = [
            0xEF53, // ext2, ext3, ext4
            0x5846_5342, // xfs
            0x9123_683E, // btrfs
            0x0102_1994, // tmpfs
            0x794C_7630, // overlayfs (containers)
            0x2FC1_2FC1, // zfs
            0xF2F5_2010, // f2fs
            0xCA45_1A4E, // bcachefs
            0x3153_464A, // jfs
            0x5265_4973, // reiserfs
        ]
        return local.contains(type)
    }

    /// The file this cache is read from and written to.
    let path: String
    /// The work tree whose folders it lists.
    let root: String
    /// The walk's start (seconds since the epoch): folders changed since `start - racyMargin` are not stored.
    let start: Int64
    /// The file as read (empty when there was none or it was not trusted).
    private let bytes: [UInt8]
    /// Each stored folder's record (its range in `bytes`) by the hash of its path (of two folders whose
    /// paths' hashes collide, the first is kept: the other is read again, as on any miss).
    private let records: [UInt64: Range<Int>]
    private let recordCount: Int

    /// The listings stored at `path` for the work tree at `root`; empty when the file is missing, too
    /// large, damaged or written for another work tree.
    /// `start` stands in for the clock (tests use it to store folders they just made).
    init(path: String, root: String, start: Int64? = nil) {
        self.path = path
        self.root = root
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        self.start = start ?? Int64(now.tv_sec)
        let read = Self.read(path)
        if let parsed = Self.parse(read, root: root) {
            bytes = read
            records = parsed.records
            recordCount = parsed.count
        } else {
            bytes = []
            records = [:]
            recordCount = 0
        }
    }

    /// A folder's record: its length (4 bytes, this field included), the path's length (4) and bytes,
    /// the identity, the entry count (4), then per entry a type byte, a 2-byte name length and the name
    /// with a terminating 0 (so it is a C string in place). Only the lengths are checked here; a
    /// record's entries are checked when it is used.
    private static func parse(_ bytes: [UInt8], root: String) -> (records: [UInt64: Range<Int>], count: Int)? {
        guard bytes.count >= magic.count + 4 + 8, bytes.count <= maxBytes, Array(bytes.prefix(magic.count)) == magic else { return nil }
        return bytes.withUnsafeBytes { raw -> (records: [UInt64: Range<Int>], count: Int)? in
            let end = raw.count - 8
            guard UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: end, as: UInt64.self)) == checksum(UnsafeRawBufferPointer(rebasing: raw[..<end])) else { return nil }
            func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
            var at = magic.count
            let rootLength = u32(at)
            at += 4
            guard at + rootLength <= end, UnsafeRawBufferPointer(rebasing: raw[at..<at + rootLength]).elementsEqual(root.utf8) else { return nil }
            at += rootLength
            var records: [UInt64: Range<Int>] = [:]
            records.reserveCapacity((end - at) / 128)
            var count = 0
            while at < end {
                guard at + 8 <= end else { return nil }
                let length = u32(at), pathLength = u32(at + 4)
                guard length >= 8 + pathLength + Identity.byteCount + 4, length <= end - at else { return nil }
                let hash = TrackedPaths.folderHash(UnsafeRawBufferPointer(rebasing: raw[at + 8..<at + 8 + pathLength]))
                if records[hash] == nil { records[hash] = at..<at + length }
                at += length
                count += 1
            }
            return (records, count)
        }
    }

    private static func read(_ path: String) -> [UInt8] {
        guard case .regular(let size, _)? = FileSystem.kind(path), size <= maxBytes,
              let bytes = FileSystem.read(path, sizeHint: size), bytes.count <= maxBytes else { return [] }
        return bytes
    }

    /// A checksum of the file's body: detects a torn or damaged file (it is not a defence against a
    /// forged one, which can only list names the walk then checks against the index like any other).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        TrackedPaths.hash(bytes, seed: 0x1357_9BDF_2468_ACE0)
    }

    /// One entry of a stored listing: its name (bytes, and the same as a C string) and type.
    typealias Entry = (name: UnsafeRawBufferPointer, cName: UnsafePointer<CChar>, type: Repository.EntryType)

    /// Shows the stored entries of `folder` to `body` and returns the record's range, when the cache holds
    /// the folder under `identity`; returns nil (and shows nothing) otherwise.
    func withListing(folder: UnsafeRawBufferPointer, hash: UInt64, identity: Identity, _ body: (Entry) -> Void) -> Range<Int>? {
        guard let record = records[hash] else { return nil }
        return bytes.withUnsafeBytes { raw -> Range<Int>? in
            func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
            var at = record.lowerBound + 4
            let pathLength = u32(at)
            at += 4
            guard pathLength == folder.count,
                  folder.isEmpty || memcmp(raw.baseAddress! + at, folder.baseAddress!, pathLength) == 0 else { return nil }
            at += pathLength
            guard Self.identity(raw, at) == identity else { return nil }
            at += Identity.byteCount
            let count = u32(at)
            at += 4
            // The entries are checked to lie inside the record before any is shown.
            var check = at
            for _ in 0..<count {
                guard check + 3 <= record.upperBound else { return nil }
                let nameLength = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: check + 1, as: UInt16.self)))
                guard nameLength > 0, check + 3 + nameLength < record.upperBound, raw[check + 3 + nameLength] == 0 else { return nil }
                check += 3 + nameLength + 1
            }
            guard check == record.upperBound else { return nil }
            for _ in 0..<count {
                let type = Self.entryType(raw[at])
                let nameLength = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at + 1, as: UInt16.self)))
                at += 3
                let name = UnsafeRawBufferPointer(rebasing: raw[at..<at + nameLength])
                body((name, (raw.baseAddress! + at).assumingMemoryBound(to: CChar.self), type))
                at += nameLength + 1
            }
            return record
        }
    }

    private static func identity(_ raw: UnsafeRawBufferPointer, _ at: Int) -> Identity {
        func u64(_ i: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 8 * i, as: UInt64.self)) }
        return Identity(device: u64(0), inode: u64(1), modified: Int64(bitPattern: u64(2)), modifiedNanoseconds: Int64(bitPattern: u64(3)),
                        changed: Int64(bitPattern: u64(4)), changedNanoseconds: Int64(bitPattern: u64(5)), size: Int64(bitPattern: u64(6)))
    }

    private static func entryType(_ byte: UInt8) -> Repository.EntryType {
        switch byte {
        case 1: .file
        case 2: .symlink
        case 3: .directory
        default: .other
        }
    }

    private static func byte(_ type: Repository.EntryType) -> UInt8 {
        switch type {
        case .file: 1
        case .symlink: 2
        case .directory: 3
        case .other, .unknown: 0
        }
    }

    /// Whether a folder with `identity` may be stored: not changed within `racyMargin` seconds of the
    /// walk's start (nor after it).
    func isSettled(_ identity: Identity) -> Bool {
        identity.modified < start - Int64(Self.racyMargin) && identity.changed < start - Int64(Self.racyMargin)
    }

    /// The record of a freshly read folder, as `write` lays it out; nil when a name is too long to store.
    static func record(folder: [UInt8], identity: Identity, entries: [(name: [UInt8], type: Repository.EntryType)]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(8 + folder.count + Identity.byteCount + 4 + entries.count * 24)
        func u32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { out.append(contentsOf: $0) } }
        func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        u32(0) // the record's length, set below
        u32(folder.count)
        out += folder
        for value in [identity.device, identity.inode, UInt64(bitPattern: identity.modified), UInt64(bitPattern: identity.modifiedNanoseconds),
                      UInt64(bitPattern: identity.changed), UInt64(bitPattern: identity.changedNanoseconds), UInt64(bitPattern: identity.size)] {
            u64(value)
        }
        u32(entries.count)
        for entry in entries {
            guard !entry.name.isEmpty, entry.name.count <= Int(UInt16.max), !entry.name.contains(0) else { return nil }
            out.append(byte(entry.type))
            withUnsafeBytes(of: UInt16(entry.name.count).littleEndian) { out.append(contentsOf: $0) }
            out += entry.name
            out.append(0)
        }
        guard out.count <= Int(UInt32.max) else { return nil }
        withUnsafeBytes(of: UInt32(out.count).littleEndian) { length in
            for i in 0..<4 { out[i] = length[i] }
        }
        return out
    }

    /// What a walk found for one folder: the stored record it reused, a new record, or nothing to store.
    enum Outcome: Sendable {
        case reused(Range<Int>)
        case read([UInt8])
        case notStored
    }

    /// Writes the listings of this walk when they differ from what was read: every folder reused (and
    /// none dropped) means the file is already right. Written to a temporary file and renamed over the
    /// old one; any failure leaves the cache as it was (it is only an optimisation).
    func save(_ outcomes: [Outcome]) {
        var reused = 0, read = 0
        for outcome in outcomes {
            switch outcome {
            case .reused: reused += 1
            case .read: read += 1
            case .notStored: continue
            }
        }
        // Every stored folder reused and nothing new: the file already holds exactly these records.
        if read == 0, reused == recordCount { return }
        var out = Self.magic
        withUnsafeBytes(of: UInt32(root.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        out += Array(root.utf8)
        for outcome in outcomes {
            switch outcome {
            case .reused(let range): out += bytes[range]
            case .read(let record): out += record
            case .notStored: continue
            }
            if out.count > Self.maxBytes { return }
        }
        let sum = out.withUnsafeBytes { Self.checksum($0) }
        withUnsafeBytes(of: sum.littleEndian) { out.append(contentsOf: $0) }
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !folder.isEmpty { FileSystem.makeDirectories(folder) }
        let temporary = path + ".\(getpid()).tmp"
        if !FileSystem.write(out, to: temporary, executable: false) || rename(temporary, path) != 0 { unlink(temporary) }
    }
}
