import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads and writes progress.json so that no record is ever lost:
/// - a file that cannot be *read* (any error but "no such file") makes the
///   store read-only for the run, with a one-line warning; the file is untouched;
/// - a file that reads but is damaged, or that a newer qkdtutor wrote, is moved aside;
/// - every change takes an exclusive `flock` on `progress.json.lock`, re-reads
///   the file, applies only its own change (one lesson's attempt, a reset, the
///   name) and writes a temp file renamed into place, all under the lock. Two
///   instances, or a reset during a lesson, therefore keep each other's records.
/// A symlinked progress.json is written through to its target.
public final class ProgressStore {
    public let url: URL
    /// Set by `load` when the file could not be read or was moved aside.
    public private(set) var warning: String?
    /// True when the file could not be read: never write it this run.
    public private(set) var readOnly = false

    public init(directory: URL) { url = directory.appendingPathComponent("progress.json") }

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.dateEncodingStrategy = .iso8601
        return e
    }
    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }

    enum ReadResult { case absent, data(Data), failed(String) }

    /// Reads the bytes with POSIX calls so every error is seen (no `try?`).
    static func read(_ path: String) -> ReadResult {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let e = errno
            return e == ENOENT ? .absent : .failed(String(cString: strerror(e)))
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { return .failed(String(cString: strerror(errno))) }
        if (st.st_mode & S_IFMT) == S_IFDIR { return .failed(String(cString: strerror(EISDIR))) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failed(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return .data(data)
    }

    enum Decoded { case file(ProgressFile), bad(String) }

    static func decode(_ data: Data) -> Decoded {
        struct VersionOnly: Decodable { var version: Int }
        let d = decoder
        guard let v = try? d.decode(VersionOnly.self, from: data) else { return .bad("is not a progress file this qkdtutor can read") }
        if v.version > ProgressFile.currentVersion { return .bad("was written by a newer qkdtutor (version \(v.version))") }
        do { return .file(try d.decode(ProgressFile.self, from: data)) } catch { return .bad("is damaged") }
    }

    /// The loader's decoding step on bytes, without a file: the progress file,
    /// or why it cannot be used. An entry point for fuzzing and for `class merge`.
    public static func decodeProgress(_ data: Data) -> Result<ProgressFile, StoreError> {
        switch decode(data) {
        case .file(let f): return .success(f)
        case .bad(let why): return .failure(StoreError(description: "the file " + why))
        }
    }

    public func load(now: Date = Date()) -> ProgressFile {
        warning = nil
        switch Self.read(url.path) {
        case .absent: return ProgressFile()
        case .failed(let reason):
            readOnly = true
            warning = "cannot read \(url.path): \(reason); progress will not be saved this run (the file is left as it is)"
            return ProgressFile()
        case .data(let data):
            switch Self.decode(data) {
            case .file(let f): return f
            case .bad(let reason): moveAside(reason, now: now); return ProgressFile()
            }
        }
    }

    func moveAside(_ reason: String, now: Date) {
        let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "")
        let aside = url.deletingLastPathComponent().appendingPathComponent("progress.json.corrupt-\(stamp)")
        if rename(url.path, aside.path) == 0 {
            warning = "\(url.path) \(reason); moved it to \(aside.lastPathComponent) and started afresh"
        } else {
            warning = "\(url.path) \(reason) and could not be moved aside (\(String(cString: strerror(errno)))); progress will not be saved"
            readOnly = true
        }
    }

    public struct StoreError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The path writes go to: a symlink's final target, so the link stays a link.
    var writeTarget: URL {
        var path = url.path
        for _ in 0..<40 {   // the kernel's own limit on link chains
            guard let dest = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { break }
            path = dest.hasPrefix("/") ? dest : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(dest).path
        }
        return URL(fileURLWithPath: path)
    }

    /// Takes the lock, re-reads the file, applies `change` to what is on disk
    /// now and writes the result, all under the lock. Returns the file written.
    @discardableResult
    public func update(_ change: (inout ProgressFile) -> Void) throws -> ProgressFile {
        guard !readOnly else { throw StoreError(description: "progress is read-only this run (\(warning ?? "the file could not be read"))") }
        try Self.makeDirectories(url.deletingLastPathComponent().path)
        let lockPath = url.path + ".lock"
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw StoreError(description: "cannot lock \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(lock) }   // closing releases the flock
        while flock(lock, LOCK_EX) != 0 {
            if errno != EINTR { throw StoreError(description: "cannot lock \(lockPath): \(String(cString: strerror(errno)))") }
        }
        var file: ProgressFile
        switch Self.read(url.path) {
        case .absent: file = ProgressFile()
        case .failed(let reason): throw StoreError(description: "cannot read \(url.path): \(reason); nothing was written")
        case .data(let data):
            switch Self.decode(data) {
            case .file(let f): file = f
            case .bad(let reason): throw StoreError(description: "\(url.path) \(reason) since this run started; nothing was written")
            }
        }
        change(&file)
        try write(file)
        return file
    }

    /// `mkdir -p` with errno in the message (no raw NSError text).
    static func makeDirectories(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return }
            throw StoreError(description: "cannot create \(path): a file is in the way")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw StoreError(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }

    func write(_ file: ProgressFile) throws {
        let target = writeTarget
        let data = try Self.encoder.encode(file)
        let temp = target.deletingLastPathComponent().appendingPathComponent(".progress.json.\(getpid()).tmp")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError(description: "cannot write \(temp.path): \(String(cString: strerror(errno)))") }
        var offset = 0
        let ok: Bool = data.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        let writeErrno = errno
        // Flush before the rename so a crash cannot leave an empty file in place.
        let synced = ok && fsync(fd) == 0
        close(fd)
        guard ok, synced else {
            unlink(temp.path)
            throw StoreError(description: "cannot write \(target.path): \(String(cString: strerror(ok ? errno : writeErrno)))")
        }
        guard rename(temp.path, target.path) == 0 else {
            let e = errno
            unlink(temp.path)
            throw StoreError(description: "cannot write \(target.path): \(String(cString: strerror(e)))")
        }
    }

    /// Stores one attempt, keeping everything else on disk as it is now.
    public func save(_ attempt: Attempt) throws {
        try update { f in
            f.lessons[attempt.lesson, default: LessonRecord()].merge(attempt)
            if f.student == nil { f.student = attempt.student }
        }
    }

    /// Forgets one lesson. Returns false when there was nothing to forget.
    public func reset(lesson id: String) throws -> Bool {
        var found = false
        try update { f in found = f.lessons.removeValue(forKey: id) != nil }
        return found
    }

    /// The student recorded with new attempts: `QKDTUTOR_STUDENT`, else the
    /// name stored in the file, else anonymous; the id is kept once made.
    public func student(_ file: ProgressFile, environment: [String: String] = ProcessInfo.processInfo.environment) -> StudentIdentity {
        var s = file.student ?? StudentIdentity(name: "", id: StudentIdentity.anonymousId())
        if let env = environment["QKDTUTOR_STUDENT"]?.trimmingCharacters(in: .whitespaces), !env.isEmpty { s.name = Sanitize.text(env) }
        return s
    }

    /// Sets the name recorded with later attempts.
    public func setStudent(name: String) throws -> StudentIdentity {
        let f = try update { f in
            var s = f.student ?? StudentIdentity(name: "", id: StudentIdentity.anonymousId())
            s.name = Sanitize.text(name)
            f.student = s
        }
        return f.student!
    }
}
