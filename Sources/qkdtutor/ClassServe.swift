import ArgumentParser
import ClassProtocol
import ClassServer
import Commands
import Foundation

struct ClassServe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run a class session on this machine: prints the join code and the teacher token.",
        discussion: """
        Binds to 127.0.0.1 unless --bind names an address (e.g. --bind 0.0.0.0 for the classroom \
        network). Answers are kept in an SQLite database (--db); restarted with the same --db, \
        the open session resumes with the same code and students reconnect with their tokens. \
        The teacher token is saved with mode 0600 in $XDG_STATE_HOME/qkdtutor/class-teacher.json.
        """)

    @Option(help: "TCP port (0 picks a free one).") var port = ClassProtocol.defaultPort
    @Option(help: "Address to listen on (default: loopback only).") var bind = "127.0.0.1"
    @Option(help: "SQLite database file (default: $XDG_STATE_HOME/qkdtutor/class.sqlite).") var db: String?
    @Flag(help: "Close the open session and start a new one with a new code.") var new = false
    @Flag(help: "Print one line per join, error and opened lesson.") var verbose = false

    func run() throws {
        guard (0...65535).contains(port) else { throw RequestError("--port must be 0 to 65535 (got \(port))") }
        let path = db ?? Paths.stateDirectory().appendingPathComponent("class.sqlite").path
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let store: SQLiteClassStore
        do { store = try SQLiteClassStore(path: path) } catch { throw RequestError("cannot open \(path): \(error)") }
        let (hub, fresh) = try ClassHub.start(store: store, newSession: new)
        let code = awaitValue { await hub.code }
        let token: String
        if let fresh { token = fresh } else {
            guard let f = TeacherFile.load(), f.code == code else {
                throw RequestError("session \(code) in \(path) resumes, but its teacher token is not in \(TeacherFile.url.path); start a new session with --new")
            }
            token = f.token
        }
        awaitValue { await hub.setGameFactory(HostedBB84.factory) }
        if verbose { awaitValue { await hub.setLog { line in FileHandle.standardError.write(Data((line + "\n").utf8)) } } }
        let server = ClassServer(hub: hub, host: bind, port: port)
        let done = DispatchSemaphore(value: 0)
        let failure = LockedBox<String?>(nil)
        Task {
            do {
                try await server.run { bound in
                    let shown = bind == "0.0.0.0" || bind == "::" ? "THIS-MACHINE'S-ADDRESS" : (bind.contains(":") ? "[\(bind)]" : bind)
                    let url = "ws://\(bind.contains(":") ? "[\(bind)]" : (bind == "0.0.0.0" ? "127.0.0.1" : bind)):\(bound)\(ClassProtocol.path)"
                    do { try TeacherFile(url: url, code: code, token: token, db: path).save() } catch {
                        FileHandle.standardError.write(Data("warning: \(error)\n".utf8))
                    }
                    print("Class session \(fresh == nil ? "resumed" : "open") on \(bind):\(bound)  (database \(path))")
                    print("Join code:     \(code)")
                    print("Teacher token: \(token)  (saved in \(TeacherFile.url.path), mode 0600)")
                    print("Students run:  qkdtutor class join \(shown):\(bound) --code \(code) --name NAME")
                    print("Projector:     qkdtutor demo LESSON --class \(shown):\(bound)    Roster: qkdtutor class watch")
                    print("Role play:     qkdtutor class game bb84 [--eve on|off|secret]; students add --role alice|bob|eve")
                    print("Ctrl-C stops the server; the session stays open in the database.")
                    fflush(nil)
                }
            } catch {
                failure.value = "cannot serve on \(bind):\(port): \(error)" + (port == ClassProtocol.defaultPort ? " (another server on that port? try --port)" : "")
            }
            done.signal()
        }
        done.wait()
        if let f = failure.value { throw RequestError(f) }
    }
}

/// A value set from another thread.
final class LockedBox<T>: @unchecked Sendable {
    let lock = NSLock()
    var _value: T
    init(_ v: T) { _value = v }
    var value: T {
        get { lock.lock(); defer { lock.unlock() }; return _value }
        set { lock.lock(); _value = newValue; lock.unlock() }
    }
}

/// Runs async work from a synchronous command and waits for its result.
func awaitValue<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let box = LockedBox<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task { box.value = await work(); done.signal() }
    done.wait()
    return box.value!
}
