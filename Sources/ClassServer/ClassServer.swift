// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// The HTTP + WebSocket front: Hummingbird serves `GET /health` and upgrades
/// `GET /class` to a WebSocket whose text frames go to the hub. The frame
/// limit is WebSocket's own: a frame over `ClassProtocol.maxFrameBytes` (96 KB) closes that connection with
/// 1009 (message too big); the server carries on.
public struct ClassServer: Sendable {
    public let hub: ClassHub
    public var host: String
    public var port: Int

    public init(hub: ClassHub, host: String = "127.0.0.1", port: Int = ClassProtocol.defaultPort) {
        self.hub = hub; self.host = host; self.port = port
    }

    /// Runs until the task is cancelled or a SIGINT/SIGTERM arrives; `onRunning`
    /// gets the bound port (useful with port 0).
    public func run(gracefulSignals: Bool = true, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let hub = self.hub
        let router = Router()
        router.get("/health") { _, _ in "ok\n" }
        var logger = Logger(label: "qkdtutor.class")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                configuration: .init(ws: .init(maxFrameSize: ClassProtocol.maxFrameBytes, autoPing: .enabled(timePeriod: .seconds(20))))
            ) { request, _, _ in
                guard request.path == ClassProtocol.path else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    let (stream, outbox) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(4096))
                    let id = await hub.connect(outbox)
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await text in stream {
                                do { try await outbound.writeTextMessage(text) } catch { break }
                            }
                        }
                        do {
                            for try await message in inbound.messages(maxSize: ClassProtocol.maxFrameBytes) {
                                switch message {
                                case .text(let text): await hub.receive(id, text: text)
                                case .binary: await hub.binaryFrame(id)
                                }
                            }
                        } catch {}
                        await hub.disconnect(id)
                        group.cancelAll()
                    }
                }
            },
            configuration: .init(address: .hostname(host, port: port), serverName: "qkdtutor-class"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        if gracefulSignals {
            try await app.runService()
        } else {
            try await app.runService(gracefulShutdownSignals: [])
        }
    }
}
