import ClassProtocol
import ClassServer
import Foundation
import HummingbirdWSClient
import Logging

/// A test server on 127.0.0.1 with a free port and a temporary database.
final class TestServer: @unchecked Sendable {
    let dir: URL
    let dbPath: String
    var hub: ClassHub!
    var teacherToken: String!
    var port = 0
    var task: Task<Void, any Error>?
    /// Role play: the engine the hub hosts games with (set before `start`).
    var gameFactory: GameFactory?

    init(dir: URL? = nil) throws {
        self.dir = dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("classtests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.dir, withIntermediateDirectories: true)
        dbPath = self.dir.appendingPathComponent("class.sqlite").path
    }

    /// Opens the store (resuming its session if any) and serves; returns when listening.
    func start(port: Int = 0, token: String? = nil) async throws {
        let store = try SQLiteClassStore(path: dbPath)
        let (hub, fresh) = try ClassHub.start(store: store)
        self.hub = hub
        if let gameFactory { await hub.setGameFactory(gameFactory) }
        teacherToken = fresh ?? token ?? teacherToken
        let server = ClassServer(hub: hub, host: "127.0.0.1", port: port)
        let bound = LockedValue<Int>(0)
        task = Task { try await server.run(gracefulSignals: false) { p in bound.set(p) } }
        for _ in 0..<500 where bound.get() == 0 { try await Task.sleep(for: .milliseconds(10)) }
        self.port = bound.get()
        precondition(self.port != 0, "server did not start")
    }

    func stop() async {
        task?.cancel()
        _ = try? await task?.value
        task = nil
    }

    var url: String { "ws://127.0.0.1:\(port)\(ClassProtocol.path)" }
    var code: String { get async { await hub.code } }

    deinit { try? FileManager.default.removeItem(at: dir) }
}

final class LockedValue<T>: @unchecked Sendable {
    let lock = NSLock()
    var value: T
    init(_ v: T) { value = v }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
    func mutate(_ f: (inout T) -> Void) { lock.lock(); f(&value); lock.unlock() }
}

/// A raw WebSocket peer: sends exactly the text it is given, keeps every frame received.
final class RawPeer: @unchecked Sendable {
    let received = LockedValue<[String]>([])
    let closed = LockedValue<Bool>(false)
    let outbox: AsyncStream<String>.Continuation
    let task: Task<Void, Never>

    init(url: String, maxFrame: Int = 1 << 16) {
        let (stream, outbox) = AsyncStream<String>.makeStream()
        self.outbox = outbox
        let received = self.received, closed = self.closed
        var logger = Logger(label: "test"); logger.logLevel = .critical
        task = Task {
            let client = WebSocketClient(url: url, configuration: .init(maxFrameSize: maxFrame), logger: logger) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { for await t in stream { try await outbound.write(.text(t)) } }
                    defer { group.cancelAll() }
                    for try await m in inbound.messages(maxSize: 1 << 22) {
                        if case .text(let t) = m { received.mutate { $0.append(t) } }
                    }
                }
            }
            _ = try? await client.run()
            closed.set(true)
        }
    }

    func send(_ text: String) { outbox.yield(text) }
    func send(_ m: ClientMessage) { outbox.yield(m.encoded()) }
    func close() { outbox.finish(); task.cancel() }

    var messages: [ServerMessage] { received.get().compactMap(ServerMessage.decode) }

    /// Waits until `count` frames have arrived (or times out); returns them all.
    @discardableResult
    func waitFor(_ count: Int, timeout: Double = 5) async -> [ServerMessage] {
        let end = Date().addingTimeInterval(timeout)
        while received.get().count < count, Date() < end, !closed.get() { try? await Task.sleep(for: .milliseconds(10)) }
        return messages
    }

    /// Joins as a student; returns the welcome.
    func join(code: String, name: String) async -> Welcome? {
        let before = received.get().count
        send(ClientMessage(id: "hello", body: .hello(Hello(role: .student, code: code, name: name))))
        let all = await waitFor(before + 1)
        for m in all.dropFirst(before) { if case .welcome(let w) = m.body { return w } }
        return nil
    }

    func teacher(_ token: String) async -> Bool {
        let before = received.get().count
        send(ClientMessage(id: "hello", body: .hello(Hello(role: .teacher, token: token))))
        let all = await waitFor(before + 1)
        return all.dropFirst(before).contains { if case .welcome = $0.body { true } else { false } }
    }
}

func errors(_ ms: [ServerMessage]) -> [ErrorFrame] { ms.compactMap { if case .error(let e) = $0.body { e } else { nil } } }
func acks(_ ms: [ServerMessage]) -> [Ack] { ms.compactMap { if case .ack(let a) = $0.body { a } else { nil } } }
func tallies(_ ms: [ServerMessage]) -> [Tally] { ms.compactMap { if case .tally(let t) = $0.body { t } else { nil } } }

func answer(_ q: String, _ text: String, correct: Bool, attempt: Int = 1, choice: Int? = nil, lesson: String = "bb84") -> ClientBody {
    .answer(AnswerEvent(lesson: lesson, question: q, attempt: attempt, answer: text, correct: correct, revealed: false, choices: choice.map { [$0] }))
}
