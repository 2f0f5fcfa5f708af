// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Foundation
import HummingbirdWSClient
import Logging

/// A client's link to the class server: it queues every message locally,
/// sends it when connected and keeps it until the server acknowledges it
/// (after its commit). On a lost link it reconnects with exponential backoff
/// (0.25 s doubling to 8 s, with jitter) and resends the queue in order; the
/// message ids make a resend harmless. Thread-safe: the lesson player calls
/// `enqueue` from its own thread, the socket runs on NIO's.
public final class ClassLink: @unchecked Sendable {
    public struct Options: Sendable {
        public var url: String
        public var hello: Hello
        /// Where the unacknowledged queue is kept between runs (nil: memory only).
        public var queueFile: URL?
        public var initialBackoff = 0.25
        public var maxBackoff = 8.0
        /// Resend what is still unacknowledged after this long on a live link.
        public var resendAfter = 3.0
        /// Client-side pacing, below the server's 20 messages/s.
        public var messagesPerSecond = 15.0
        public init(url: String, hello: Hello, queueFile: URL? = nil) { self.url = url; self.hello = hello; self.queueFile = queueFile }
    }

    /// Replies (a roster, an export) may span many frames of `ClassProtocol.maxFrameBytes`.
    static let maxReplyBytes = 8 << 20

    struct Pending { var message: ClientMessage; var text: String; var sentAt: Date? }

    let options: Options
    let cond = NSCondition()
    var pending: [Pending] = []
    var seq = 0
    let idPrefix: String
    var hello: Hello
    var outbox: AsyncStream<String>.Continuation?
    var welcomed = false
    var stopped = false
    var task: Task<Void, Never>?
    public private(set) var welcome: Welcome?
    public private(set) var lesson: LessonRef?
    public private(set) var lastError: ErrorFrame?
    /// Reconnections after the first connection (for tests and the status line).
    public private(set) var reconnects = 0
    public private(set) var acknowledged = 0

    /// Called on NIO's threads; keep them quick.
    public var onLesson: (@Sendable (LessonRef?) -> Void)?
    public var onTally: (@Sendable (Tally) -> Void)?
    public var onRoster: (@Sendable (Roster) -> Void)?
    public var onExport: (@Sendable (ExportRows) -> Void)?
    public var onError: (@Sendable (ErrorFrame) -> Void)?
    public var onAck: (@Sendable (Ack) -> Void)?
    /// Role play: a game opened (or the reply to game-join), a role's view, the public channel, the projector.
    public var onGameOpened: (@Sendable (GameOpened) -> Void)?
    public var onGameView: (@Sendable (GameView) -> Void)?
    public var onGamePublic: (@Sendable (GamePublic) -> Void)?
    public var onGameProjector: (@Sendable (GameProjector) -> Void)?
    /// Sent after every welcome, before the queue is resent: a role player
    /// takes its role again on each (re)connection, so its resent moves count.
    public var rejoin: ClientBody? {
        get { cond.lock(); defer { cond.unlock() }; return _rejoin }
        set { cond.lock(); _rejoin = newValue; cond.unlock() }
    }
    var _rejoin: ClientBody?

    public init(_ options: Options) {
        self.options = options
        hello = options.hello
        var g = SystemRandomNumberGenerator()
        idPrefix = String(format: "%08x", UInt32.random(in: .min ... .max, using: &g))
        if let f = options.queueFile, let data = try? Data(contentsOf: f),
           let texts = try? JSONDecoder().decode([String].self, from: data) {
            for t in texts { if case .success(let m) = ClientMessage.decode(t) { pending.append(Pending(message: m, text: t, sentAt: nil)) } }
        }
    }

    /// Messages queued and not yet acknowledged.
    public var unacknowledged: Int { cond.lock(); defer { cond.unlock() }; return pending.count }
    public var isConnected: Bool { cond.lock(); defer { cond.unlock() }; return welcomed }
    public var token: String? { cond.lock(); defer { cond.unlock() }; return hello.token }

    public func start() {
        task = Task.detached { [self] in await runLoop() }
    }

    public func stop() {
        cond.lock(); stopped = true; outbox?.finish(); cond.broadcast(); cond.unlock()
        task?.cancel()
    }

    /// Queues a message that must reach the server; returns its id.
    @discardableResult public func enqueue(_ body: ClientBody) -> String {
        cond.lock(); defer { cond.unlock() }
        seq += 1
        let m = ClientMessage(id: "\(idPrefix)-\(seq)", body: body)
        var p = Pending(message: m, text: m.encoded(), sentAt: nil)
        if welcomed, let outbox { outbox.yield(p.text); p.sentAt = Date() }
        pending.append(p)
        saveQueue()
        return m.id
    }

    /// A request answered by a reply, not an ack (roster, export): sent now or not at all.
    @discardableResult public func request(_ body: ClientBody) -> Bool {
        cond.lock(); defer { cond.unlock() }
        guard welcomed, let outbox else { return false }
        seq += 1
        outbox.yield(ClientMessage(id: "\(idPrefix)-\(seq)", body: body).encoded())
        return true
    }

    /// Blocks until `predicate` holds or the time is up; true if it holds.
    public func wait(timeout: TimeInterval, until predicate: (ClassLink) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        cond.lock()
        while true {
            cond.unlock()
            let ok = predicate(self)
            cond.lock()
            if ok { cond.unlock(); return true }
            if stopped || !cond.wait(until: min(deadline, Date().addingTimeInterval(0.1))) && Date() >= deadline { cond.unlock(); return false }
        }
    }

    /// Waits for every queued message to be acknowledged; returns how many remain.
    public func flush(timeout: TimeInterval) -> Int {
        _ = wait(timeout: timeout) { $0.unacknowledged == 0 }
        return unacknowledged
    }

    func saveQueue() {
        guard let f = options.queueFile else { return }
        let texts = pending.map(\.text)
        if texts.isEmpty { try? FileManager.default.removeItem(at: f); return }
        guard let data = try? JSONEncoder().encode(texts) else { return }
        try? FileManager.default.createDirectory(at: f.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: f, options: [.atomic])
        chmod(f.path, 0o600)
    }

    // MARK: the connection loop

    func runLoop() async {
        var delay = options.initialBackoff
        var first = true
        var logger = Logger(label: "qkdtutor.class.client")
        logger.logLevel = .critical
        while !isStopped {
            if !first { countReconnect() }
            first = false
            let client = WebSocketClient(url: options.url, configuration: .init(maxFrameSize: ClassProtocol.maxFrameBytes), logger: logger) {
                [self] inbound, outbound, _ in
                let (stream, outbox) = AsyncStream<String>.makeStream()
                attach(outbox)
                try await outbound.write(.text(ClientMessage(id: "\(idPrefix)-hello-\(Int(Date().timeIntervalSince1970 * 1000))", body: .hello(currentHello)).encoded()))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { [self] in
                        // Pacing: a bucket of 10, refilled at messagesPerSecond.
                        var tokens = 10.0
                        var last = Date()
                        for await text in stream {
                            let now = Date()
                            tokens = min(10, tokens + now.timeIntervalSince(last) * options.messagesPerSecond)
                            last = now
                            if tokens < 1 {
                                try await Task.sleep(for: .seconds((1 - tokens) / options.messagesPerSecond))
                                tokens = 1; last = Date()
                            }
                            tokens -= 1
                            try await outbound.write(.text(text))
                        }
                    }
                    group.addTask { [self] in
                        while !Task.isCancelled {
                            try await Task.sleep(for: .seconds(max(0.2, options.resendAfter / 3)))
                            resendStale()
                        }
                    }
                    defer { group.cancelAll() }
                    for try await message in inbound.messages(maxSize: Self.maxReplyBytes) {
                        if case .text(let text) = message { receive(text) }
                    }
                }
            }
            do { try await client.run() } catch {}
            let wasWelcomed = detach()
            if isStopped { break }
            if wasWelcomed { delay = options.initialBackoff }
            // Jitter spreads a room's reconnections after a server restart.
            let sleep = delay * Double.random(in: 0.75...1.25)
            delay = min(options.maxBackoff, delay * 2)
            try? await Task.sleep(for: .seconds(sleep))
        }
    }

    func countReconnect() { cond.lock(); reconnects += 1; cond.unlock() }

    var isStopped: Bool { cond.lock(); defer { cond.unlock() }; return stopped || Task.isCancelled }
    var currentHello: Hello { cond.lock(); defer { cond.unlock() }; return hello }

    func attach(_ o: AsyncStream<String>.Continuation) {
        cond.lock(); outbox = o; welcomed = false; cond.unlock()
    }

    /// Returns whether this connection had been welcomed.
    func detach() -> Bool {
        cond.lock(); defer { cond.unlock() }
        let was = welcomed
        outbox?.finish(); outbox = nil; welcomed = false
        cond.broadcast()
        return was
    }

    func resendStale() {
        cond.lock(); defer { cond.unlock() }
        guard welcomed, let outbox else { return }
        let now = Date()
        for i in pending.indices where pending[i].sentAt.map({ now.timeIntervalSince($0) > options.resendAfter }) ?? true {
            outbox.yield(pending[i].text); pending[i].sentAt = now
        }
    }

    func receive(_ text: String) {
        guard let m = ServerMessage.decode(text) else { return }
        switch m.body {
        case .welcome(let w):
            cond.lock()
            welcome = w
            lesson = w.lesson
            if let t = w.token { hello.token = t }
            welcomed = true
            if let r = _rejoin {
                seq += 1
                outbox?.yield(ClientMessage(id: "\(idPrefix)-\(seq)", body: r).encoded())
            }
            // Resend everything not yet acknowledged, in order.
            let now = Date()
            for i in pending.indices { outbox?.yield(pending[i].text); pending[i].sentAt = now }
            cond.broadcast()
            cond.unlock()
            onLesson?(w.lesson)
        case .ack(let a):
            cond.lock()
            if let i = pending.firstIndex(where: { $0.message.id == a.ref }) {
                pending.remove(at: i); acknowledged += 1; saveQueue()
            }
            cond.broadcast()
            cond.unlock()
            onAck?(a)
        case .error(let e):
            cond.lock()
            lastError = e
            if let ref = e.ref, let i = pending.firstIndex(where: { $0.message.id == ref }) {
                // Refused for good (wrong lesson, bad field): resending cannot help.
                pending.remove(at: i); saveQueue()
            }
            if !welcomed, [.badToken, .expiredToken].contains(e.code), hello.role == .student, hello.code != nil, hello.token != nil {
                hello.token = nil   // join afresh with the code and name, on this connection
                seq += 1
                outbox?.yield(ClientMessage(id: "\(idPrefix)-hello-\(seq)", body: .hello(hello)).encoded())
            }
            cond.broadcast()
            cond.unlock()
            onError?(e)
        case .lesson(let l):
            cond.lock(); lesson = l; cond.broadcast(); cond.unlock()
            onLesson?(l)
        case .tally(let t): onTally?(t)
        case .roster(let r): onRoster?(r)
        case .export(let x): onExport?(x)
        case .gameOpened(let x): onGameOpened?(x)
        case .gameView(let x): onGameView?(x)
        case .gamePublic(let x): onGamePublic?(x)
        case .gameProjector(let x): onGameProjector?(x)
        }
    }
}
