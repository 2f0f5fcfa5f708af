import Foundation

/// Files a demo writes (--transcript, --record, --worksheet). Every path is
/// checked before the demo plays; each is written in place through its
/// symlinks (a device such as /dev/full stays a device, never replaced by a
/// regular file); a short write or ENOSPC is an error; and when one output
/// fails, the regular files this run already wrote are removed, so no half
/// set of outputs is left behind.
public struct OutputFiles {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    var paths: [String] = []
    /// Regular files this run wrote, removed again if a later one fails.
    var written: [String] = []

    public init() {}

    /// "cannot write FILE: reason", the one-line form of every file error.
    static func failure(_ path: String, _ reason: String) -> Failure {
        Failure(description: "cannot write \(path): \(reason)")
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Checks that `path` can be written before anything is played: an existing
    /// file must be writable and not a directory; a new file needs a writable folder.
    public mutating func add(_ path: String) throws {
        guard !path.isEmpty else { throw Self.failure("''", "empty file name") }
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw Self.failure(path, Self.reason(EISDIR)) }
            if access(path, W_OK) != 0 { throw Self.failure(path, Self.reason(errno)) }
        } else if errno == ENOENT {
            let folder = (path as NSString).deletingLastPathComponent
            let dir = folder.isEmpty ? "." : folder
            var ds = stat()
            guard stat(dir, &ds) == 0 else { throw Self.failure(path, Self.reason(errno)) }
            guard (ds.st_mode & S_IFMT) == S_IFDIR else { throw Self.failure(path, Self.reason(ENOTDIR)) }
            if access(dir, W_OK) != 0 { throw Self.failure(path, Self.reason(errno)) }
        } else {
            throw Self.failure(path, Self.reason(errno))
        }
        if paths.contains(path) { throw Self.failure(path, "given for two outputs") }
        paths.append(path)
    }

    /// Writes `text` to `path` in place; on failure removes what this run wrote and throws.
    public mutating func write(_ text: String, to path: String) throws {
        do {
            try Self.writeInPlace(Array(text.utf8), to: path, written: &written)
        } catch {
            removeWritten()
            throw error
        }
    }

    /// Removes the regular files this run wrote (after a failure elsewhere).
    public mutating func removeWritten() {
        for p in written { unlink(p) }
        written.removeAll()
    }

    static func writeInPlace(_ bytes: [UInt8], to path: String, written: inout [String]) throws {
        // open() follows symlinks, so the link's target is written and the link stays.
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, reason(errno)) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { let e = errno; close(fd); throw failure(path, reason(e)) }
        let regular = (st.st_mode & S_IFMT) == S_IFREG
        if (st.st_mode & S_IFMT) == S_IFDIR { close(fd); throw failure(path, reason(EISDIR)) }
        // Only a regular file is truncated; a device or FIFO is written as it is.
        if regular {
            guard ftruncate(fd, 0) == 0 else { let e = errno; close(fd); throw failure(path, reason(e)) }
            written.append(path)
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno; close(fd); throw failure(path, reason(e))
            }
            if n == 0 { close(fd); throw failure(path, "short write (\(offset) of \(bytes.count) bytes)") }
            offset += n
        }
        // Delayed errors (NFS, quota) show at fsync or close; a device may not support fsync.
        if regular, fsync(fd) != 0, errno != EINVAL { let e = errno; close(fd); throw failure(path, reason(e)) }
        guard close(fd) == 0 else { throw failure(path, reason(errno)) }
    }
}
