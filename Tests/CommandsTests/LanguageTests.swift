import Foundation
import QKD
import QuantumSim
import Testing
@testable import Commands

@Suite("The command language")
struct LanguageTests {
    @Test("Tokenizer: blanks, quotes, escapes, comments and columns")
    func tokenize() throws {
        let t = try Tokenizer.tokenize(#"bb84  --eve "intercept-resend" 'a b' "x\"y" # comment"#)
        #expect(t.map(\.text) == ["bb84", "--eve", "intercept-resend", "a b", "x\"y"])
        #expect(t.map(\.column) == [1, 7, 13, 32, 38])
        #expect(try Tokenizer.tokenize("   # only a comment").isEmpty)
        #expect(throws: CommandLineError.self) { try Tokenizer.tokenize("network jinan --message \"open") }
        do { _ = try Tokenizer.tokenize("bb84 'open"); Issue.record("should throw") } catch {
            #expect(error.column == 6)
        }
    }

    @Test("Every simulation's options round-trip through the parser")
    func roundTrip() throws {
        let b = try RunBB84.parse(["--photons", "123", "--seed", "9", "--source", "wcp", "--mu", "0.3", "--distance", "12.5",
                                   "--attenuation", "0.18", "--misalignment", "0.01", "--depolarizing", "0.02",
                                   "--detector-efficiency", "0.6", "--dark-count", "1e-5", "--eve", "breidbart",
                                   "--eve-fraction", "0.4", "--rectilinear-probability", "0.7", "--sample-fraction", "0.2",
                                   "--abort-qber", "0.09", "--show", "7"]).configurationValue
        var expected = BB84Configuration()
        expected.photons = 123; expected.seed = 9; expected.source = .wcp; expected.mu = 0.3; expected.distanceKm = 12.5
        expected.attenuationDbPerKm = 0.18; expected.misalignment = 0.01; expected.depolarizing = 0.02
        expected.detectorEfficiency = 0.6; expected.darkCount = 1e-5; expected.eve = .breidbart; expected.eveFraction = 0.4
        expected.rectilinearProbability = 0.7; expected.sampleFraction = 0.2; expected.abortQber = 0.09; expected.showRows = 7
        #expect(b == expected)

        let e = try RunE91.parse(["--pairs", "77", "--seed", "4", "--visibility", "0.8", "--settings", "bbm92", "--loss-db", "3",
                                  "--detector-efficiency", "0.5", "--eve", "intercept-resend", "--eve-fraction", "0.25",
                                  "--eve-angle", "22.5"]).configurationValue
        var ee = E91Configuration()
        ee.pairs = 77; ee.seed = 4; ee.visibility = 0.8; ee.settings = .bbm92; ee.lossDb = 3; ee.detectorEfficiency = 0.5
        ee.eve = .interceptResend; ee.eveFraction = 0.25; ee.eveAngle = 22.5
        #expect(e == ee)

        // Every registered verb parses its own defaults, and each enum option accepts each of its values.
        let required = ["satellite": ["--station", "Xinglong"]]
        for (name, type) in Verbs.simulations {
            #expect(throws: Never.self, "\(name) defaults") { _ = try type.parse(required[name] ?? []) }
        }
        for eve in EavesdropperStrategy.allCases {
            #expect(try RunBB84.parse(["--eve", eve.rawValue]).configurationValue.eve == eve)
        }
        for v in CascadeVariant.allCases { #expect(throws: Never.self) { _ = try RunCascade.parse(["--variant", v.rawValue]) } }
    }

    @Test("The REPL line and the command line give the same report")
    func sameAsCommandLine() throws {
        var i = Interpreter(session: Session(seed: 5))
        guard case .report(let r, _, _) = i.execute("bb84 --photons 5000 --eve intercept-resend") else {
            Issue.record("no report"); return
        }
        let direct = try RunBB84.parse(["--photons", "5000", "--eve", "intercept-resend", "--seed", "5"]).execute(ExecutionContext())
        #expect(try r.json() == direct.json())
        #expect(i.session.value("last.bb84.photons") == "5000")
        #expect(i.session.value("last.bb84.seed") == "5")
        #expect(i.session.value("last.bb84.qber") != nil)
        // An explicit --seed wins over the session seed.
        _ = i.execute("run bb84 --photons 100 --seed 11")
        #expect(i.session.value("last.bb84.seed") == "11")
    }

    @Test("Errors carry a column and a suggestion")
    func errors() {
        var i = Interpreter()
        func failure(_ line: String) -> CommandLineError? {
            if case .failure(let e) = i.execute(line) { return e }
            return nil
        }
        let unknown = failure("bb8 --photons 5")
        #expect(unknown?.column == 1)
        #expect(unknown?.hint?.contains("bb84") == true)
        let option = failure("bb84  --photon 5")
        #expect(option?.column == 7)
        #expect(option?.message.contains("--photons") == true)
        let value = failure("bb84 --eve sometimes")
        #expect(value?.message.contains("sometimes") == true)
        #expect(value?.column == 12)
        let limit = failure("bb84 --photons 1000000000000")
        #expect(limit?.message.contains("100,000,000") == true)
        #expect(failure("set seed -3")?.column == 10)
        #expect(failure("show bb84")?.hint == "run bb84 first")
        #expect(i.check("bb84 --photons 10") == nil)
        #expect(i.check("bb84 --photonz 10")?.column == 6)
    }

    @Test("Malformed input never crashes the interpreter")
    func malformedCorpus() {
        var i = Interpreter()
        var corpus = [
            "", " ", "\"", "'", "\\", "#", "bb84 --photons", "bb84 --photons 99999999999999999999999999",
            "bb84 --photons -5", "bb84 --photons 1e400", "bb84 --mu nan", "bb84 --distance inf", "e91 --visibility -0",
            "polarization --source 1e308", "polarization --sweep 0", "keyrate --distance 0:1e12:1e-9", "keyrate --distance ::",
            "set", "set seed", "set seed 18446744073709551616", "help nothing", "show", "show everything",
            "cascade --bits 0", "cascade --qber 0.5", "network", "network nowhere", "satellite --station Atlantis",
            String(repeating: "a", count: 100_000), String(repeating: "--x ", count: 5_000),
            "bb84 \u{0}\u{1}\u{7f}", "bb84 --eve \u{202e}evil", "🙂 --🙂 🙂",
        ]
        var stream = RandomStream(seed: 2024, name: "fuzz")
        for _ in 0..<300 {
            let bytes = (0..<stream.nextInt(below: 60)).map { _ in UInt8(truncatingIfNeeded: stream.nextWord()) }
            corpus.append(String(decoding: bytes, as: UTF8.self))   // invalid UTF-8 becomes U+FFFD, as readline input would
        }
        for line in corpus {
            switch i.execute(line) {
            case .report, .text, .failure, .nothing, .show, .history, .clear, .quit: break
            }
        }
        #expect(i.session.seed == 1)
    }

    @Test("Reports flatten to session values; text and JSON agree on the numbers")
    func reportScalars() throws {
        let r = try RunE91.parse(["--pairs", "2000", "--seed", "3"]).execute(ExecutionContext())
        let values = Dictionary(uniqueKeysWithValues: r.scalars())
        #expect(values["pairs"] == "2000")
        #expect(values["chsh"] != nil)
        #expect(values["configuration.settings"] == "ekert")
        let json = try JSONSerialization.jsonObject(with: Data(r.json().utf8)) as! [String: Any]
        #expect(json["keyBits"] as? Int == Int(values["keyBits"]!))
        #expect(r.text(.plainASCII).contains("CHSH S"))
    }
}
