import ClassClient
import ClassProtocol
import ClassServer
import Commands
import Foundation

/// What `class serve` leaves for the teacher's other commands (watch, demo
/// --class, export): in $XDG_STATE_HOME/qkdtutor/class-teacher.json, mode 0600.
struct TeacherFile: Codable {
    var url: String
    var code: String
    var token: String
    var db: String

    static var url: URL { Paths.stateDirectory().appendingPathComponent("class-teacher.json") }

    static func load() -> TeacherFile? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(TeacherFile.self, from: data)
    }

    func save() throws { try PrivateFile.write(JSONEncoder().encode(self), to: Self.url) }
}

/// A student's own join state: the server, code and the reconnect token (mode 0600).
struct JoinFile: Codable {
    var url: String
    var code: String
    var name: String
    var token: String

    static var url: URL { Paths.stateDirectory().appendingPathComponent("class-join.json") }
    static var queue: URL { Paths.stateDirectory().appendingPathComponent("class-queue.json") }

    static func load() -> JoinFile? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(JoinFile.self, from: data)
    }

    func save() throws { try PrivateFile.write(JSONEncoder().encode(self), to: Self.url) }
}

enum PrivateFile {
    /// Writes a secret: the folder 0700, the file created 0600 before any byte is written, then renamed into place.
    static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let tmp = dir.appendingPathComponent("." + url.lastPathComponent + ".tmp")
        unlink(tmp.path)
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw RequestError("cannot write \(tmp.path): \(String(cString: strerror(errno)))") }
        let ok = data.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) == $0.count }
        fchmod(fd, 0o600)
        close(fd)
        guard ok, rename(tmp.path, url.path) == 0 else { throw RequestError("cannot write \(url.path)") }
    }
}

enum ClassAddress {
    /// "HOST[:PORT]" (an IPv6 address in brackets) as the server's WebSocket URL.
    static func url(_ s: String) throws -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, !t.contains("/"), !t.contains("@"), t.allSatisfy({ !$0.isWhitespace }) else {
            throw RequestError("'\(ClassText.printable(s, limit: 80))' is not HOST[:PORT]; e.g. 192.168.1.20:7384")
        }
        var host = t, port = ClassProtocol.defaultPort
        if t.hasPrefix("[") {
            guard let close = t.firstIndex(of: "]") else { throw RequestError("unclosed [ in '\(t)'") }
            host = String(t[...close])
            let rest = t[t.index(after: close)...]
            if rest.hasPrefix(":") { guard let p = Int(rest.dropFirst()) else { throw RequestError("bad port in '\(t)'") }; port = p }
        } else if let colon = t.lastIndex(of: ":") {
            guard let p = Int(t[t.index(after: colon)...]) else { throw RequestError("bad port in '\(t)'") }
            host = String(t[..<colon]); port = p
        }
        guard (1...65535).contains(port) else { throw RequestError("port \(port) is outside 1 to 65535") }
        return "ws://\(host):\(port)\(ClassProtocol.path)"
    }

    static func display(_ url: String) -> String {
        url.replacingOccurrences(of: "ws://", with: "").replacingOccurrences(of: ClassProtocol.path, with: "")
    }
}

enum TeacherLink {
    /// Connects as the teacher with the token `class serve` saved (or --token).
    static func connect(server: String?, token: String?) throws -> ClassLink {
        let file = TeacherFile.load()
        let url = try server.map(ClassAddress.url) ?? file?.url
        guard let url else { throw RequestError("no class server known; run 'qkdtutor class serve' first, or name HOST[:PORT]") }
        guard let token = token ?? file?.token else {
            throw RequestError("no teacher token in \(TeacherFile.url.path); 'qkdtutor class serve' writes it on the teacher's machine ('class watch' also takes --token)")
        }
        let link = ClassLink(.init(url: url, hello: Hello(role: .teacher, token: token)))
        link.start()
        guard link.wait(timeout: 10, until: { $0.isConnected || $0.lastError != nil }), link.isConnected else {
            link.stop()
            if let e = link.lastError { throw RequestError("the class server refused: \(ClassText.printable(e.message, limit: 200))") }
            throw RequestError("cannot reach \(ClassAddress.display(url)); is 'qkdtutor class serve' running there?")
        }
        return link
    }
}

/// The class database a teacher's command reads: `--db`, else the one
/// `class serve` saved, else the default path; a missing file is an error.
enum ClassDatabase {
    static func open(_ db: String?) throws -> (store: SQLiteClassStore, path: String) {
        let path = db ?? TeacherFile.load()?.db ?? Paths.stateDirectory().appendingPathComponent("class.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { throw RequestError("no class database at \(path); name one with --db") }
        do { return (try SQLiteClassStore(path: path), path) } catch { throw RequestError("cannot open \(path): \(error)") }
    }
}
