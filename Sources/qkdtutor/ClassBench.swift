import ArgumentParser
import ClassClient
import ClassProtocol
import ClassServer
import Commands
import Foundation
import QuantumSim
import Tutor

/// `make bench-class`: a real server process and simulated students on loopback.
struct ClassBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark a class server: N simulated students answer a lesson on loopback.",
        discussion: """
        Starts 'qkdtutor class serve --port 0' as a child process with a temporary database, \
        a projector and the students in this process. Each question opens every --spacing \
        seconds; each student answers it after a seeded random delay of 0 to --spread seconds. \
        Reports answers/s, p50/p99 latency from answer to the projector's update and to the \
        acknowledgement, the server's peak memory (VmHWM), and lost or doubled answers.
        """,
        shouldDisplay: false)

    @Option(help: "Simulated students.") var students = 300
    @Option(help: "Questions each student answers.") var questions = 10
    @Option(help: "Seconds between questions.") var spacing = 2.0
    @Option(help: "Answer delay range in seconds (uniform).") var spread = 2.0
    @Option(help: "Seed of the delays and answers.") var seed: UInt64 = 1
    @Flag(help: "Print the figures as JSON.") var json = false

    func run() throws {
        guard (1...ClassProtocol.maxStudents).contains(students), (1...100).contains(questions) else {
            throw RequestError("--students must be 1 to \(ClassProtocol.maxStudents) and --questions 1 to 100")
        }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("qkdtutor-bench-\(getpid())")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let db = tmp.appendingPathComponent("bench.sqlite").path

        // The server: this very binary, in its own process, so its memory is its own.
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        server.arguments = ["class", "serve", "--port", "0", "--db", db]
        var env = ProcessInfo.processInfo.environment
        env["XDG_STATE_HOME"] = tmp.path
        server.environment = env
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        var banner = ""
        let deadline = Date().addingTimeInterval(60)
        while !banner.contains("Teacher token:"), Date() < deadline, server.isRunning {
            let d = out.fileHandleForReading.availableData
            if d.isEmpty { break }
            banner += String(decoding: d, as: UTF8.self)
        }
        let teacherPath = tmp.appendingPathComponent("qkdtutor/class-teacher.json")
        guard let data = try? Data(contentsOf: teacherPath), let teacher = try? JSONDecoder().decode(TeacherFile.self, from: data) else {
            throw RequestError("the bench server did not start: \(banner)")
        }

        // The projector: records when each count of answers reaches it.
        let seen = LockedBox<[String: [(Int, Date)]]>([:])
        let projector = ClassLink(.init(url: teacher.url, hello: Hello(role: .teacher, token: teacher.token)))
        projector.onTally = { t in
            let now = Date()
            seen.lock.lock(); seen._value[t.question, default: []].append((t.answered, now)); seen.lock.unlock()
        }
        projector.start()
        guard projector.wait(timeout: 10, until: { $0.isConnected }) else { throw RequestError("projector cannot connect") }
        projector.enqueue(.open(OpenLesson(lesson: "bench")))
        _ = projector.flush(timeout: 10)

        let joinStart = Date()
        let links = (0..<students).map { i in
            ClassLink(.init(url: teacher.url, hello: Hello(role: .student, code: teacher.code, name: "student \(i + 1)")))
        }
        for l in links { l.start() }
        for l in links where !l.wait(timeout: 60, until: { $0.isConnected }) {
            throw RequestError("a student could not join within 60 s")
        }
        let joinTime = Date().timeIntervalSince(joinStart)

        // Sends: per question, each student's answer time and its acknowledgement time.
        let sent = LockedBox<[String: [Date]]>([:])
        let ackLatency = LockedBox<[Double]>([])
        let sentAt = LockedBox<[String: Date]>([:])
        for l in links {
            l.onAck = { a in
                let now = Date()
                sentAt.lock.lock(); let t = sentAt._value.removeValue(forKey: a.ref); sentAt.lock.unlock()
                if let t { ackLatency.lock.lock(); ackLatency._value.append(now.timeIntervalSince(t)); ackLatency.lock.unlock() }
            }
        }
        var rng = RandomStream(seed: seed, name: "class.bench")
        var plan: [(at: Double, student: Int, q: Int, choice: Int)] = []
        for q in 0..<questions {
            for s in 0..<students {
                plan.append((Double(q) * spacing + rng.nextUniform() * spread, s, q, rng.nextUniform() < 0.6 ? 0 : 1 + Int(rng.nextUniform() * 3)))
            }
        }
        plan.sort { $0.at < $1.at }
        let start = Date()
        for p in plan {
            let wait = p.at - Date().timeIntervalSince(start)
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            let question = "q\(p.q + 1)"
            let now = Date()
            let id = links[p.student].enqueue(.answer(AnswerEvent(lesson: "bench", question: question, attempt: 1, answer: Grader.letter(p.choice),
                                                                  correct: p.choice == 0, revealed: false, choices: [p.choice])))
            sentAt.lock.lock(); sentAt._value[id] = now; sentAt.lock.unlock()
            sent.lock.lock(); sent._value[question, default: []].append(now); sent.lock.unlock()
        }
        var undelivered = 0
        for l in links { undelivered += l.flush(timeout: 60) }
        let elapsed = Date().timeIntervalSince(start)
        Thread.sleep(forTimeInterval: 0.5)   // the last tallies
        let peakKB = Self.peakMemoryKB(pid: server.processIdentifier)
        for l in links { l.stop() }
        projector.stop()

        // Panel latency: the k-th answer sent to a question is matched with the first tally counting k answers.
        var panel: [Double] = []
        var missing = 0
        let tallies = seen.value
        for (q, sends) in sent.value {
            let arrivals = (tallies[q] ?? []).sorted { $0.1 < $1.1 }
            for (k, t) in sends.sorted().enumerated() {
                if let hit = arrivals.first(where: { $0.0 >= k + 1 }) { panel.append(max(0, hit.1.timeIntervalSince(t))) } else { missing += 1 }
            }
        }
        // Lost or doubled: the database must hold exactly one attempt per (student, question).
        let store = try SQLiteClassStore(path: db)
        let rows = try store.sessions().first.map { try store.export(session: $0.id) } ?? []
        let pairs = Set(rows.map { "\($0.student)|\($0.question)" })
        let expected = students * questions
        let lost = expected - pairs.count, doubled = rows.count - pairs.count
        let acks = ackLatency.value
        let r = Report(students: students, questions: questions, answers: rows.count, seconds: elapsed,
                       answersPerSecond: Double(rows.count) / elapsed, joinSeconds: joinTime,
                       panelP50ms: 1000 * Self.quantile(panel, 0.5), panelP99ms: 1000 * Self.quantile(panel, 0.99),
                       ackP50ms: 1000 * Self.quantile(acks, 0.5), ackP99ms: 1000 * Self.quantile(acks, 0.99),
                       serverPeakMB: Double(peakKB) / 1024, lost: lost, doubled: doubled, undelivered: undelivered, panelMissing: missing,
                       journalMode: store.journalMode)
        if json {
            let enc = JSONEncoder(); enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(r), as: UTF8.self))
        } else {
            print(String(format: """
            class bench: %d students x %d questions on loopback (seed %llu), journal %@
              answers stored      %d of %d  (lost %d, doubled %d, undelivered %d)
              answers/s           %.1f over %.1f s   (joins took %.2f s)
              answer -> panel     p50 %.1f ms   p99 %.1f ms   (%d not seen)
              answer -> ack       p50 %.1f ms   p99 %.1f ms
              server peak memory  %.1f MB (VmHWM)
            """, students, questions, seed, r.journalMode, r.answers, expected, lost, doubled, undelivered, r.answersPerSecond, elapsed, joinTime,
                         r.panelP50ms, r.panelP99ms, missing, r.ackP50ms, r.ackP99ms, r.serverPeakMB))
        }
        if lost != 0 || doubled != 0 { throw ExitCode(1) }
    }

    struct Report: Codable {
        var students, questions, answers: Int
        var seconds, answersPerSecond, joinSeconds, panelP50ms, panelP99ms, ackP50ms, ackP99ms, serverPeakMB: Double
        var lost, doubled, undelivered, panelMissing: Int
        var journalMode: String
    }

    static func quantile(_ xs: [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return .nan }
        let s = xs.sorted()
        // Nearest rank: the smallest value with at least p of the sample at or below it.
        let rank = Int((p * Double(s.count)).rounded(.up))
        return s[max(0, min(s.count - 1, rank - 1))]
    }

    static func peakMemoryKB(pid: Int32) -> Int {
        guard let s = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}
