import Foundation
import Testing
@testable import Commands

/// Every report kind's text for one seed, checked for words a learner should
/// never see (camelCase identifiers, ungrouped numbers of 10,000 or more,
/// "1 keys") and compared with a reviewed snapshot.
///
/// After a deliberate change of wording or physics:
///   QKDTUTOR_UPDATE_SNAPSHOTS=1 swift test --filter ReportSnapshot
/// then review `git diff Tests/CommandsTests/Snapshots/reports.txt`.
@Suite("Report text snapshot")
struct ReportSnapshotTests {
    /// One command per report shape, all with seed 7.
    static let commands = [
        "polarization --source D --analyzer 22.5 --photons 20000",
        "polarization --sweep 30 --photons 1000",
        "bb84 --photons 20000",
        "bb84 --photons 40 --show 6 --eve intercept-resend",
        "bb84 --photons 60000 --eve intercept-resend --eve-fraction 0.2",
        "bb84 --photons 50000 --distance 25 --distill --show-key 16",
        "bb84 --photons 20000 --source wcp --mu 0.5 --eve pns --distance 40",
        "e91 --pairs 30000 --distill",
        "e91 --pairs 20000 --eve intercept-resend",
        "cascade --bits 20000 --qber 0.03",
        "cascade --list-variants",
        "keyrate --distance 0:200:25",
        "keyrate --model gllp --preset gys --distance 0:60:20 --compare",
        "keyrate --model shor-preskill --qber 0.05",
        "network --list",
        "network jinan-2017",
        "network beijing-shanghai --compromise Jinan --message \"hello\"",
        "network secoqc-2008",
        "network beijing-vienna",
        "satellite --station Xinglong --passes 1",
        "satellite --station Graz --passes 3 --relay-to Xinglong",
    ]

    static func render() -> String {
        var i = Interpreter(session: Session(seed: 7))
        let style = TextStyle(color: false, unicode: true, plain: false, width: 100)
        var out: [String] = []
        for c in commands {
            out.append("$ " + c)
            switch i.execute(c) {
            case .report(let r, _, _): out.append(Format.wrap(r.text(style), width: style.width))
            case .failure(let e): out.append("FAILED: \(e)")
            default: out.append("FAILED: no report")
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// Problems a learner should never see, one string each.
    static func problems(in text: String) -> [String] {
        var found: [String] = []
        for line in text.split(separator: "\n").map(String.init) where !line.hasPrefix("$ ") {
            if line.hasPrefix("FAILED") { found.append(line); continue }
            let ns = line as NSString
            func each(_ pattern: String, _ body: (String) -> Void) {
                let re = try! NSRegularExpression(pattern: pattern)
                for m in re.matches(in: line, range: NSRange(location: 0, length: ns.length)) { body(ns.substring(with: m.range)) }
            }
            // camelCase: a lower-case run then an upper-case letter inside one word.
            // kA and kB are the satellite keys' names in Liao et al. (2018), explained by 'explain xor-relay'.
            each(#"(?<![\w/.-])[a-z]+[A-Z][A-Za-z]*\b"#) { w in
                if !["kA", "kB", "log10", "dB"].contains(w) { found.append("camelCase '\(w)' in: \(line)") }
            }
            // Whole numbers of five or more digits without grouping; seeds, bit strings and hex are exempt.
            let exempt = line.contains("seed ") || line.contains("ciphertext") || line.contains("key     ")
                || line.contains("announced")
            if !exempt {
                // A citation's article number ("PRL 120, 030501 (2018)") is an id, not a quantity.
                each(#"(?<![\d.,eE+-])\d{5,}(?![\d,]|\.\d)(?! \((19|20)\d\d\))"#) { n in found.append("ungrouped \(n) in: \(line)") }
            }
            // Four digits with a unit are quantities too ("1640 km", "1885 parities"); years carry no unit.
            each(#"(?<![\d.,eE+-])\d{4} (km|bits?|photons|pulses|pairs|parities|errors|messages|bytes|nodes|links|s|min|passes)\b"#) { n in
                found.append("ungrouped '\(n)' in: \(line)")
            }
            // "1 keys": one of a plural noun (words ending in s but not ss, us or is).
            each(#"(?<![\d.,])\b1 [a-z]+(?<![su])s\b"#) { w in found.append("'\(w)' in: \(line)") }
        }
        return found
    }

    static var snapshotURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/reports.txt")
    }

    @Test("The checker catches what it must")
    func checkerCanFail() {
        #expect(Self.problems(in: "  stage sampleDisclosed").count == 1)
        #expect(Self.problems(in: "  1885 parities, 16400 km").count == 2)
        #expect(Self.problems(in: "  opened 2017, 1640 km").count == 1)
        #expect(Self.problems(in: "  1 keys, 1 passes").count == 2)
        #expect(Self.problems(in: "  1 key, 1 pass, 2 keys, 16,400 km, seed 123456, 0.123456, 1.234e+05, kA XOR kB").isEmpty)
        #expect(Self.problems(in: "  (Nat. Commun. 8, 15043 (2017)), 4.68 dB").isEmpty)
    }

    @Test("Every report reads as words, grouped numbers and right plurals")
    func reportsAreClean() {
        let text = Self.render()
        let problems = Self.problems(in: text)
        #expect(problems.isEmpty, Comment(rawValue: "\(problems.count) problems:\n" + problems.prefix(40).joined(separator: "\n")))
    }

    @Test("Every report matches the reviewed snapshot for seed 7")
    func snapshot() throws {
        let text = Self.render()
        if ProcessInfo.processInfo.environment["QKDTUTOR_UPDATE_SNAPSHOTS"] == "1" {
            try text.write(to: Self.snapshotURL, atomically: true, encoding: .utf8)
            return
        }
        let stored = try String(contentsOf: Self.snapshotURL, encoding: .utf8)
        let a = stored.split(separator: "\n", omittingEmptySubsequences: false)
        let b = text.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDiff = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(stored == text, Comment(rawValue: "snapshot differs at line \((firstDiff?.offset ?? min(a.count, b.count)) + 1): \(firstDiff.map { "\n- \($0.element.0)\n+ \($0.element.1)" } ?? "length") — rerun with QKDTUTOR_UPDATE_SNAPSHOTS=1 and review the diff"))
    }
}
