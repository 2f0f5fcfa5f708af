import ClassClient
import ClassProtocol
import ClassServer
import Foundation
import Testing

/// Everything here runs a real server on 127.0.0.1 with a free port.
@Suite(.serialized) struct ServerTests {
    func openedServer() async throws -> (TestServer, RawPeer) {
        let server = try TestServer()
        try await server.start()
        let teacher = RawPeer(url: server.url)
        #expect(await teacher.teacher(server.teacherToken))
        teacher.send(ClientMessage(id: "open", body: .open(OpenLesson(lesson: "bb84"))))
        await teacher.waitFor(3)   // welcome, ack, lesson push
        return (server, teacher)
    }

    @Test func threeStudentsAnswerAndTheProjectorCountsThem() async throws {
        let (server, projector) = try await openedServer()
        let code = await server.code
        var students: [RawPeer] = []
        for name in ["Ann", "Bob", "Cy"] {
            let p = RawPeer(url: server.url)
            let w = await p.join(code: code, name: name)
            #expect(w?.lesson == LessonRef(id: "bb84") && w?.token?.count == 32)
            students.append(p)
        }
        // Ann right at once; Bob wrong (c) then right; Cy wrong (c).
        students[0].send(ClientMessage(id: "a1", body: answer("q1", "b", correct: true, choice: 1)))
        students[1].send(ClientMessage(id: "b1", body: answer("q1", "c", correct: false, choice: 2)))
        students[2].send(ClientMessage(id: "c1", body: answer("q1", "c", correct: false, choice: 2)))
        for s in students { await s.waitFor(2) }
        students[1].send(ClientMessage(id: "b2", body: answer("q1", "b", correct: true, attempt: 2, choice: 1)))
        await students[1].waitFor(3)
        let all = await projector.waitFor(3 + 4)
        let last = try #require(tallies(all).last)
        #expect(last.answered == 3)
        #expect(last.firstTryRight == 1)
        #expect(last.options == [0, 1, 2])   // first votes only: b once, c twice
        for s in students { #expect(errors(s.messages).isEmpty) }
        await server.stop()
    }

    @Test func aStudentNeverSeesAnotherStudentsAnswers() async throws {
        let (server, _) = try await openedServer()
        let code = await server.code
        let ann = RawPeer(url: server.url), bob = RawPeer(url: server.url)
        _ = await ann.join(code: code, name: "Ann")
        _ = await bob.join(code: code, name: "Bob")
        ann.send(ClientMessage(id: "a1", body: answer("q1", "secret-answer-of-ann", correct: false)))
        await ann.waitFor(2)
        // Students asking for teacher views get one error each, no data.
        for (i, body) in [ClientBody.roster, .export, .open(OpenLesson(lesson: "bb84")), .close].enumerated() {
            bob.send(ClientMessage(id: "b\(i)", body: body))
        }
        let got = await bob.waitFor(1 + 4)
        #expect(errors(got).map(\.code) == [.forbidden, .forbidden, .forbidden, .forbidden])
        let text = bob.received.get().joined()
        #expect(!text.contains("secret-answer-of-ann") && !text.contains("Ann"))
        #expect(tallies(got).isEmpty)
        await server.stop()
    }

    @Test func badFramesGetOneErrorEachAndTheServerGoesOn() async throws {
        let (server, _) = try await openedServer()
        let code = await server.code
        let p = RawPeer(url: server.url)
        // Below the frame limit: each bad frame gets exactly one error frame.
        let corpus = ProtocolTests.corpus.filter { $0.0.utf8.count <= ClassProtocol.maxFrameBytes }.map(\.0)
        for (i, text) in corpus.enumerated() {
            p.send(text)
            _ = await p.waitFor(i + 1)
        }
        #expect(errors(p.messages).count == corpus.count)
        #expect(p.messages.count == corpus.count)
        // Before joining, student messages are refused; a wrong code too.
        p.send(ClientMessage(id: "early", body: answer("q1", "b", correct: true)))
        p.send(ClientMessage(id: "h1", body: .hello(Hello(role: .student, code: "ZZZZZZ", name: "Eve"))))
        p.send(ClientMessage(id: "h2", body: .hello(Hello(role: .student, token: String(repeating: "0", count: 32)))))
        p.send(ClientMessage(id: "h3", body: .hello(Hello(role: .teacher, token: "forged"))))
        p.send(ClientMessage(id: "h4", body: .hello(Hello(role: .student, code: code, name: "\u{1B}\u{7}\u{0} \u{202E}"))))
        let got = await p.waitFor(corpus.count + 5)
        #expect(errors(got).suffix(5).map(\.code) == [.notJoined, .wrongCode, .badToken, .badToken, .badField], "\(p.received.get().suffix(7))")
        // The same connection still joins; an unopened lesson is refused.
        let w = await p.join(code: code.lowercased(), name: "Eve\u{1B}[31m")
        #expect(w?.name == "Eve[31m")
        p.send(ClientMessage(id: "x", body: answer("q1", "b", correct: true, lesson: "e91")))
        let after = await p.waitFor(corpus.count + 7)
        #expect(errors(after).last?.code == .wrongLesson)
        // A frame over the limit closes that connection (WebSocket 1009), not the server.
        let big = RawPeer(url: server.url)
        big.send(String(repeating: "x", count: ClassProtocol.maxFrameBytes + 1))
        for _ in 0..<300 where !big.closed.get() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(big.closed.get())
        let again = RawPeer(url: server.url)
        #expect(await again.join(code: code, name: "Fay") != nil)
        await server.stop()
    }

    @Test func moreThanTwentyMessagesASecondAreRefused() async throws {
        let (server, _) = try await openedServer()
        let p = RawPeer(url: server.url)
        _ = await p.join(code: await server.code, name: "Gil")
        for i in 0..<40 { p.send(ClientMessage(id: "s\(i)", body: .step(StepEvent(lesson: "bb84", step: "s", index: 0)))) }
        let got = await p.waitFor(41)
        let limited = errors(got).filter { $0.code == .rateLimited }.count
        #expect(limited >= 15 && acks(got).count + limited == 40, "acks \(acks(got).count), limited \(limited)")
        await server.stop()
    }

    @Test func aResentMessageIsStoredOnce() async throws {
        let (server, _) = try await openedServer()
        let p = RawPeer(url: server.url)
        _ = await p.join(code: await server.code, name: "Hal")
        let m = ClientMessage(id: "same", body: answer("q1", "b", correct: true, choice: 1))
        p.send(m); p.send(m)
        let got = await p.waitFor(3)
        #expect(acks(got).map(\.duplicate) == [false, true])
        let store = try SQLiteClassStore(path: server.dbPath)
        #expect(try store.export(session: store.sessions()[0].id).count == 1)
        await server.stop()
    }

    /// A link that loses its server queues, reconnects with backoff and resends: nothing lost, nothing doubled.
    @Test func theClientResendsAfterTheLinkIsCutAndTheServerRestarts() async throws {
        let (server, _) = try await openedServer()
        let code = await server.code
        var options = ClassLink.Options(url: server.url, hello: Hello(role: .student, code: code, name: "Ivy"))
        options.initialBackoff = 0.05; options.maxBackoff = 0.4
        let link = ClassLink(options)
        link.start()
        #expect(link.wait(timeout: 5) { $0.isConnected })
        link.enqueue(answer("q1", "b", correct: true, choice: 1))
        #expect(link.flush(timeout: 5) == 0)
        let port = server.port
        await server.stop()                    // the cut: the server is gone
        #expect(link.wait(timeout: 5) { !$0.isConnected })
        link.enqueue(answer("q2", "a", correct: false, choice: 0))
        link.enqueue(answer("q2", "c", correct: true, attempt: 2, choice: 2))
        #expect(link.unacknowledged == 2)
        try await server.start(port: port)     // same database: the session resumes
        #expect(await server.code == code)
        #expect(link.flush(timeout: 10) == 0)
        #expect(link.reconnects >= 1)
        link.stop()
        let store = try SQLiteClassStore(path: server.dbPath)
        let rows = try store.export(session: store.sessions()[0].id)
        #expect(rows.map { "\($0.question)/\($0.attempt)/\($0.answer)" } == ["q1/1/b", "q2/1/a", "q2/2/c"])
        await server.stop()
    }

    @Test func aStaleSavedTokenFallsBackToTheCode() async throws {
        let (server, _) = try await openedServer()
        let stale = String(repeating: "f", count: 32)
        var o = ClassLink.Options(url: server.url, hello: Hello(role: .student, code: await server.code, name: "Kim", token: stale))
        o.initialBackoff = 0.05
        let link = ClassLink(o)
        link.start()
        #expect(link.wait(timeout: 5) { $0.isConnected })
        #expect(link.lastError?.code == .badToken)
        #expect(link.token != nil && link.token != stale)
        #expect(link.welcome?.name == "Kim")
        link.stop()
        await server.stop()
    }

    @Test func tokensExpireWithTheirSession() async throws {
        let (server, _) = try await openedServer()
        let p = RawPeer(url: server.url)
        let w = try #require(await p.join(code: await server.code, name: "Jo"))
        await server.stop()
        // A new session in the same file: the old student token is expired.
        let store = try SQLiteClassStore(path: server.dbPath)
        _ = try ClassHub.start(store: store, newSession: true)
        try await server.start()
        let q = RawPeer(url: server.url)
        q.send(ClientMessage(id: "h", body: .hello(Hello(role: .student, token: w.token))))
        #expect(errors(await q.waitFor(1)).map(\.code) == [.expiredToken])
        await server.stop()
    }

    /// The export equals a table worked out by hand from what was sent.
    @Test func exportEqualsTheHandComputedTable() async throws {
        let (server, _) = try await openedServer()
        let code = await server.code
        let bob = RawPeer(url: server.url), ann = RawPeer(url: server.url)
        _ = await bob.join(code: code, name: "Bob")
        _ = await ann.join(code: code, name: "Ann")
        bob.send(ClientMessage(id: "1", body: .hint(HintEvent(lesson: "bb84", question: "q1", number: 1))))
        bob.send(ClientMessage(id: "2", body: answer("q1", "c", correct: false)))
        bob.send(ClientMessage(id: "3", body: .hint(HintEvent(lesson: "bb84", question: "q1", number: 2))))
        bob.send(ClientMessage(id: "4", body: answer("q1", "b", correct: true, attempt: 2)))
        ann.send(ClientMessage(id: "1", body: answer("q1", "b", correct: true)))
        ann.send(ClientMessage(id: "2", body: .answer(AnswerEvent(lesson: "bb84", question: "q2", attempt: 3, answer: "0.5, \"half\"", correct: false, revealed: true))))
        await bob.waitFor(5); await ann.waitFor(3)
        let store = try SQLiteClassStore(path: server.dbPath)
        let csv = CSV.document(try store.export(session: store.sessions()[0].id))
        let lines = csv.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
        #expect(lines == [
            "student,lesson,question,attempt,answer,correct,first_try_right,hints,revealed",
            "Ann,bb84,q1,1,b,1,1,0,0",
            "Ann,bb84,q2,3,\"0.5, \"\"half\"\"\",0,0,0,1",
            "Bob,bb84,q1,1,c,0,0,1,0",
            "Bob,bb84,q1,2,b,1,0,2,0",
        ])
        await server.stop()
    }
}

@Suite struct StoreTests {
    @Test func theDatabaseIsWALWithASchemaVersion() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("classstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteClassStore(path: dir.appendingPathComponent("c.sqlite").path)
        #expect(store.journalMode == "wal")
        #expect(store.schemaVersionOnDisk == SQLiteClassStore.schemaVersion)
    }
}
