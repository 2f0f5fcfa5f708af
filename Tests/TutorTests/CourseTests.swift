import Commands
import Foundation
import Testing
@testable import Tutor

/// The bundled course (issue 14): ten lessons that meet the question
/// standards, a first BB84 example that shows what it claims, facts that
/// match the sourced facts file, and the course map.
@Suite struct CourseTests {
    static let courseIDs = ["polarization", "measurement", "bb84", "eve", "distill",
                            "e91", "distance", "jinan", "backbone", "hack-proof"]

    static var lessons: [Lesson] { Fixtures.bundledLessons.compactMap { LessonParser.load($0).lesson } }
    static var repoRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    @Test func theTenLessonsShipInCourseOrder() throws {
        let ids = Set(Self.lessons.map(\.metadata.id))
        for id in Self.courseIDs { #expect(ids.contains(id), "missing lesson \(id)") }
        let order = CourseMap.order(in: Paths.lessonDirectory())
        #expect(order == Self.courseIDs)
        // Every prerequisite exists and comes earlier in the course.
        for l in Self.lessons {
            let mine = try #require(order.firstIndex(of: l.metadata.id))
            for r in l.metadata.requires {
                let theirs = try #require(order.firstIndex(of: r), "\(l.metadata.id) requires unknown \(r)")
                #expect(theirs < mine, "\(l.metadata.id) requires \(r), which comes later")
            }
        }
    }

    @Test(arguments: courseIDs)
    func meetsTheQuestionStandards(_ id: String) throws {
        let lesson = try #require(Self.lessons.first { $0.metadata.id == id })
        let m = lesson.metadata
        #expect((10...25).contains(m.minutes), "\(id): \(m.minutes) minutes")
        let qs = lesson.questions
        #expect(qs.count >= 6, "\(id): \(qs.count) questions")
        // Answered from the learner's own runs: the answer or check reads the session.
        let fromRuns = qs.filter { q in
            switch q.body {
            case .numeric(_, let text, _, _): return text.value.contains("last.") || text.value.contains("runs.")
            case .task: return true
            default: return false
            }
        }
        #expect(fromRuns.count >= 3, "\(id): \(fromRuns.count) questions read the session")
        // Real simulations at every step that asks something.
        for step in lesson.steps where step.items.contains(where: { if case .question = $0 { return true } else { return false } }) {
            #expect(!step.sessionCommands.isEmpty || step.id == "recap",
                    "\(id): step \(step.id) asks questions without running anything")
        }
        let unit = /(fraction|percent|count of|plain number|whole number|in km|in bit\/s|as a [a-z ]*number)/
        for q in qs {
            #expect(!q.explain.isEmpty, "\(id)/\(q.id): no explanation")
            if case .numeric = q.body {
                #expect(q.ask.lowercased().contains(unit), "\(id)/\(q.id): the question does not state its unit: \(q.ask)")
            }
            if case .choice(let options, _) = q.body {
                for o in options where !o.correct {
                    #expect(o.feedback?.isEmpty == false, "\(id)/\(q.id): wrong option '\(o.text)' has no feedback")
                }
            }
        }
    }

    /// The first example of the BB84 lesson claims that row 0 shows a mismatched
    /// basis giving Bob the wrong bit, and row 2 a mismatched basis giving the
    /// right bit by chance. Run it as the lesson does and check both rows.
    @Test func bb84FirstExampleShowsAMismatchedBasisGivingTheWrongBit() throws {
        let lesson = try #require(Self.lessons.first { $0.metadata.id == "bb84" })
        let first = try #require(lesson.steps.first)
        let command = try #require(first.sessionCommands.first).value
        #expect(command.contains("--show"))
        let narration = first.items.compactMap { if case .narration(let n) = $0 { return n.value } else { return nil } }.joined(separator: " ")
        #expect(narration.contains("row 0") && narration.contains("row 2"))

        var interpreter = Interpreter(session: Session(seed: lesson.metadata.seed))
        guard case .report(let report, _, _) = interpreter.execute(command) else { Issue.record("no report"); return }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        func row(_ i: Int) throws -> (mismatched: Bool, bobWrong: Bool, kept: Bool) {
            let r = try #require(rows.first { $0["index"] as? Int == i })
            let a = try #require(r["aliceBasis"] as? String), b = try #require(r["bobBasis"] as? String)
            let sent = try #require(r["aliceBit"] as? Bool), got = try #require(r["bobResult"] as? Bool)
            return (a != b, sent != got, try #require(r["kept"] as? Bool))
        }
        let r0 = try row(0), r2 = try row(2)
        #expect(r0.mismatched && r0.bobWrong && !r0.kept, "row 0 must be a mismatched basis with the wrong bit at Bob")
        #expect(r2.mismatched && !r2.bobWrong && !r2.kept, "row 2 must be a mismatched basis with the right bit by chance")
        // The narration's words about row 0: Alice sent 1 in +, Bob measured in × and got 0.
        let alice0 = try #require(rows.first { $0["index"] as? Int == 0 })
        #expect(alice0["aliceBit"] as? Bool == true && alice0["aliceBasis"] as? String == "rectilinear")
        #expect(alice0["bobBasis"] as? String == "diagonal" && alice0["bobResult"] as? Bool == false)
    }

    // MARK: Facts

    /// Every text of a lesson that cites a source (a year closing a parenthesis,
    /// e.g. "(Science 356, 1140, 2017)") states only numbers found in the sourced
    /// facts (docs/facts/, a copy of the project's facts files).
    static func cites(_ text: String) -> Bool { text.contains(/[ (](1[89]|20)\d\d\)/) }

    static func texts(_ lesson: Lesson) -> [(where: String, text: String)] {
        var out: [(String, String)] = []
        for step in lesson.steps {
            for item in step.items {
                switch item {
                case .narration(let n): out.append(("\(step.id) line \(n.location.line)", n.value))
                case .question(let q):
                    var fields = [q.ask, q.explain] + q.hints
                    if case .choice(let options, _) = q.body { fields += options.flatMap { [$0.text, $0.feedback ?? ""] } }
                    out += fields.map { ("\(q.id)", $0) }
                default: break
                }
            }
        }
        return out
    }

    /// Numbers as written: "2,032" → "2032", "3×10^5" → "3", "10", "5". Single digits are
    /// too common to check and are skipped.
    static func numbers(_ text: String) -> [String] {
        text.matches(of: /\d[\d,]*(\.\d+)?/).map { String($0.output.0).replacingOccurrences(of: ",", with: "") }
            .map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
            .filter { $0.count > 1 }
    }

    static var factNumbers: Set<String> {
        let dir = repoRoot.appendingPathComponent("docs/facts")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        var out = Set<String>()
        for f in files where f.hasSuffix(".md") {
            let text = (try? String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)) ?? ""
            out.formUnion(numbers(text))
        }
        return out
    }

    @Test func theFactsCopyIsThere() {
        let n = Self.factNumbers
        // A few anchors from the facts files: the seed story and the backbone.
        for x in ["200", "2032", "32", "712", "1203", "2.37", "0.09", "686"] { #expect(n.contains(x), "docs/facts lacks \(x)") }
    }

    @Test(arguments: courseIDs)
    func citedNumbersMatchTheFacts(_ id: String) throws {
        let lesson = try #require(Self.lessons.first { $0.metadata.id == id })
        let known = Self.factNumbers
        var cited = 0
        for (place, text) in Self.texts(lesson) where Self.cites(text) {
            cited += 1
            for n in Self.numbers(text) {
                #expect(known.contains(n), "\(id) (\(place)): \(n) is cited as a fact but is not in docs/facts: \(text)")
            }
        }
        #expect(cited > 0, "\(id) cites no source")
    }

    /// Figures that are easy to get wrong, checked one by one against the facts text.
    @Test func datedFiguresStayWithTheirDates() throws {
        let jinan = try #require(Self.lessons.first { $0.metadata.id == "jinan" })
        let text = Self.texts(jinan).map(\.text).joined(separator: " ")
        #expect(text.contains("more than 200 government and official users"))
        #expect(text.contains("September 2017"))
        #expect(text.contains("\"nearly\n200\"") || text.contains("\"nearly 200\""))
    }

    // MARK: The teaching guide

    static var guide: String {
        (try? String(contentsOf: repoRoot.appendingPathComponent("docs/teaching-guide.md"), encoding: .utf8)) ?? ""
    }

    /// The guide's table of lessons agrees with the lessons' metadata.
    @Test func theTeachingGuideTableMatchesTheLessons() throws {
        #expect(!Self.guide.isEmpty)
        for (i, id) in Self.courseIDs.enumerated() {
            let l = try #require(Self.lessons.first { $0.metadata.id == id }).metadata
            let row = "| \(i + 1) | `\(id)` | \(l.title) | \(l.level) | \(l.minutes) | \(l.requires.isEmpty ? "—" : l.requires.joined(separator: ", ")) |"
            #expect(Self.guide.contains(row), "docs/teaching-guide.md lacks: \(row)")
        }
    }

    /// Every question the guide discusses (`lesson/question`) exists.
    @Test func theTeachingGuideNamesRealQuestions() {
        let ids = Dictionary(uniqueKeysWithValues: Self.lessons.map { ($0.metadata.id, Set($0.questions.map(\.id))) })
        let refs = Self.guide.matches(of: /`([a-z0-9-]+)\/([a-z0-9-]+)`/).map { (String($0.output.1), String($0.output.2)) }
        #expect(refs.count >= 10)
        for (lesson, question) in refs {
            #expect(ids[lesson]?.contains(question) == true, "the guide names \(lesson)/\(question), which does not exist")
        }
    }

    // MARK: Engine support the lessons rely on

    @Test func analyzersInSequenceReachTheSession() {
        var i = Interpreter(session: Session(seed: 5))
        guard case .report = i.execute("polarization --source unpolarized --analyzer H --then D --then V --photons 8000") else {
            Issue.record("no report"); return
        }
        #expect(i.session.value("last.polarization.analyzer") == "H then D then V")
        #expect(i.session.value("last.polarization.probability").flatMap(Double.init).map { abs($0 - 0.125) < 1e-12 } == true)
        if case .failure(let e) = i.execute("polarization --then V --sweep 10") {
            #expect(e.message.contains("--then"))
        } else { Issue.record("--then with --sweep must fail") }
    }

    /// The later engine work the first version of the course waited for is now
    /// used: no lesson keeps a marker for it.
    @Test func noLessonWaitsForEngineWork() {
        for l in Fixtures.bundledLessons {
            let text = (try? String(contentsOf: l, encoding: .utf8)) ?? ""
            for marker in ["# decoy:", "# network:", "# v2:", "# finitekey:"] {
                #expect(!text.contains(marker), "\(l.lastPathComponent) still has a '\(marker)' marker")
            }
        }
    }

    static func report(_ command: String, seed: UInt64) throws -> [String: Any] {
        var i = Interpreter(session: Session(seed: seed))
        guard case .report(let report, _, _) = i.execute(command) else { throw CourseError.noReport(command) }
        return try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
    }
    enum CourseError: Error { case noReport(String) }

    static func command(in id: String, containing part: String) throws -> (String, UInt64) {
        let lesson = try #require(lessons.first { $0.metadata.id == id })
        let all = lesson.steps.flatMap(\.sessionCommands).map(\.value)
        let c = try #require(all.first { $0.contains(part) }, "\(id) runs no '\(part)'")
        // Strip a snapshot name: the command itself is what runs.
        return (c.replacing(#/ as [a-z0-9_]+$/#, with: ""), lesson.metadata.seed)
    }

    /// hack-proof simulates detector blinding and an unauthenticated man in the
    /// middle, and the runs show what the lesson says: a clean QBER and Eve holding the key.
    @Test func hackProofSimulatesBlindingAndTheManInTheMiddle() throws {
        let (blind, seed) = try Self.command(in: "hack-proof", containing: "--eve blinding")
        let b = try Self.report(blind, seed: seed)
        #expect(b["qber"] as? Double == 0)
        #expect(b["eveKnownBits"] as? Int == b["sifted"] as? Int)
        #expect(b["aborted"] as? Bool == false)
        let (mitm, _) = try Self.command(in: "hack-proof", containing: "--no-authentication")
        let m = try #require(try Self.report(mitm, seed: seed)["mitm"] as? [String: Any])
        #expect(m["aliceEveQber"] as? Double == 0 && m["eveBobQber"] as? Double == 0)
        #expect(m["eveKnowsAliceKeyBits"] as? Int == m["aliceEveKeyBits"] as? Int)
        #expect((m["aliceEveKeyBits"] as? Int ?? 0) > 0)
        let authenticated = try Self.report(mitm.replacingOccurrences(of: " --no-authentication", with: ""), seed: seed)
        #expect(authenticated["aborted"] as? Bool == true)
    }

    /// distance shows PNS live, then decoys catching it: the same decoy run
    /// keeps a key without Eve and aborts with her, while the QBER stays 0.
    @Test func distanceShowsDecoysCatchingPNS() throws {
        let (attacked, seed) = try Self.command(in: "distance", containing: "--decoys 0.1,0 --decoy-probability 0.2 --distance 25 --eve pns")
        let a = try Self.report(attacked, seed: seed)
        #expect(a["qber"] as? Double == 0)
        #expect(a["aborted"] as? Bool == true)
        let decoy = try #require(a["decoy"] as? [String: Any])
        #expect((decoy["verdict"] as? String)?.contains("decoy yields disagree") == true)
        #expect((decoy["y1Upper"] as? Double ?? 1) < (decoy["y1FromSignalGain"] as? Double ?? 0))
        let honest = try Self.report(attacked.replacingOccurrences(of: " --eve pns", with: ""), seed: seed)
        #expect(honest["aborted"] as? Bool == false)
        #expect((honest["keyBits"] as? Int ?? 0) > 0)
    }

    /// distill: 20,000 photons give no key and name the smallest run that would;
    /// a million photons give one, with the finite-size penalty in the ledger.
    @Test func distillShowsTheFiniteSizeStep() throws {
        let (small, seed) = try Self.command(in: "distill", containing: "--photons 20000 ")
        let s = try Self.report(small, seed: seed)
        #expect(s["finalKeyBits"] as? Int == 0)
        let smallest = try #require(s["smallestPhotonCount"] as? Int)
        #expect(smallest > 20_000 && smallest < 1_000_000)
        let (large, _) = try Self.command(in: "distill", containing: "--photons 1000000")
        let l = try Self.report(large, seed: seed)
        #expect((l["finalKeyBits"] as? Int ?? 0) > 0)
        let entries = try #require((l["ledger"] as? [String: Any])?["entries"] as? [[String: Any]])
        #expect(entries[entries.count - 2]["stage"] as? String == "finite-size penalty")
        #expect(entries[entries.count - 1]["stage"] as? String == "final key")
    }

    /// eve: with biased bases and Eve always rectilinear, the pooled QBER stays
    /// under 11% while the diagonal basis exposes her, and the run aborts.
    @Test func eveBiasedBasesNeedPerBasisQBER() throws {
        let (cmd, seed) = try Self.command(in: "eve", containing: "--eve-rectilinear-probability 1")
        let r = try Self.report(cmd, seed: seed)
        #expect((r["qber"] as? Double ?? 1) < 0.11)
        #expect((r["qberDiagonal"] as? Double ?? 0) > 0.11)
        #expect(r["aborted"] as? Bool == true)
    }

    /// backbone routes a Jinan user onto the backbone; every node between the
    /// two users saw the key.
    @Test func backboneRoutesAJinanUserToShanghai() throws {
        let (cmd, seed) = try Self.command(in: "backbone", containing: "jinan-2017 --from")
        let r = try Self.report(cmd, seed: seed)
        let request = try #require((r["requests"] as? [[String: Any]])?.first)
        let route = try #require(request["route"] as? [String])
        #expect(route.contains("Jinan") && route.contains("Hefei"))
        #expect(request["trustedRelaysSawKey"] as? Int == route.count - 2)
    }

    @Test func infiniteRatesDoNotEmptyTheSession() {
        var i = Interpreter()
        _ = i.execute("keyrate --model decoy-infinite --preset gys --distance 0:50:10 --compare")
        #expect(i.session.value("last.keyrate.maxDistanceKm") != nil)
    }

    // MARK: The course map

    @Test func theMapShowsOrderPrerequisitesProgressAndTheNextStep() throws {
        let lessons = Self.lessons
        let order = CourseMap.order(in: Paths.lessonDirectory())
        let pol = try #require(lessons.first { $0.metadata.id == "polarization" })
        let bb84 = try #require(lessons.first { $0.metadata.id == "bb84" })
        // Polarization done with one question missed; BB84 under way.
        var polResults = Dictionary(uniqueKeysWithValues: pol.questions.map { ($0.id, true) })
        polResults["born-passed"] = false
        let rows = CourseMap.rows(lessons, order: order) { l in
            switch l.metadata.id {
            case "polarization": return .init(state: .completed(score: pol.questions.count - 1, total: pol.questions.count), results: polResults)
            case "bb84": return .init(state: .inProgress(step: 2, of: bb84.steps.count), results: ["idea-mismatch": true])
            default: return .notStarted
            }
        }
        #expect(rows.map(\.lesson.metadata.id) == Self.courseIDs)
        #expect(rows[0].objectives.first { $0.id == "malus" }?.mark == .met)
        #expect(rows[0].objectives.first { $0.id == "born" }?.mark == .partial)
        #expect(rows[2].objectives.first { $0.id == "qber" }?.mark == .open)
        #expect(rows[8].missing == ["jinan", "distance"])
        #expect(CourseMap.next(rows)?.lesson.metadata.id == "bb84")
        let lines = CourseMap.render(rows, style: TextStyle(color: false, unicode: true, plain: false, width: 80))
        let text = lines.joined(separator: "\n")
        #expect(text.contains("after jinan ·, distance ·"))
        #expect(text.contains("done, \(pol.questions.count - 1)/\(pol.questions.count) right"))
        #expect(text.contains("malus ✓") && text.contains("born ~"))
        #expect(text.contains("Continue: qkdtutor lesson bb84"))
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        // Nothing started: the first lesson is next; everything done: the course is finished.
        #expect(CourseMap.next(CourseMap.rows(lessons, order: order) { _ in .notStarted })?.lesson.metadata.id == "polarization")
        let done = CourseMap.rows(lessons, order: order) { l in .init(state: .completed(score: 0, total: l.questions.count)) }
        #expect(CourseMap.next(done) == nil)
        #expect(CourseMap.render(done, style: .plainASCII).last?.contains("finished") == true)
    }
}
