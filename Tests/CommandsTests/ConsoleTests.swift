import Foundation
import Testing
@testable import Commands

@Suite("Help, glossary, vars and argument checks")
struct ConsoleTests {
    func text(_ outcome: Outcome) -> String? { if case .text(let s) = outcome { return s } else { return nil } }
    func failure(_ outcome: Outcome) -> CommandLineError? { if case .failure(let e) = outcome { return e } else { return nil } }

    @Test("help lists every verb, grouped: simulations, views, session, lessons")
    func overview() throws {
        var i = Interpreter()
        let page = try #require(text(i.execute("help")))
        let titles = Help.groups.map(\.title)
        #expect(titles.map { $0.prefix(5) } == ["Simul", "Views", "Sessi", "Lesso"])
        var positions: [String.Index] = []
        for t in titles { positions.append(try #require(page.range(of: t + ":")).lowerBound) }
        #expect(positions == positions.sorted())
        let listed = Set(Help.groups.flatMap(\.verbs))
        for v in Verbs.all where v != "exit" {
            #expect(listed.contains(v), "'\(v)' is missing from help")
            #expect(page.contains("\n  " + v + " "), "'\(v)' is not a line of help")
        }
    }

    @Test("Every verb has a help page; defaults appear as a learner types them")
    func everyVerb() throws {
        var i = Interpreter()
        for v in Verbs.all {
            let page = try #require(text(i.execute("help \(v)")), "no help page for \(v)")
            #expect(page.count > 40)
            #expect(!page.contains("hint"))
            // No Swift value dumps such as "DistanceRange(values: …)" or "Optional(".
            #expect(page.range(of: #"[A-Z][a-zA-Z]+\((values|rawValue):"#, options: .regularExpression) == nil, "\(v): \(page)")
            #expect(!page.contains("Optional("))
        }
        let keyrate = try #require(text(i.execute("help keyrate")))
        #expect(keyrate.contains("(default: 0:150:10)"))
        #expect(keyrate.contains("explain"))
        #expect(text(i.execute("help vars"))?.contains("vars [PATTERN | --all]") == true)
        #expect(text(i.execute("help show"))?.contains("show VIEW") == true)
        #expect(text(i.execute("help exit"))?.contains("quit") == true)
        #expect(failure(i.execute("help nothing")) != nil)
        #expect(text(i.execute("satellite --help")) == text(i.execute("help satellite")))
    }

    @Test("help TERM and explain TERM give the glossary page with a source and a lesson or command")
    func explain() throws {
        var i = Interpreter()
        let chsh = try #require(text(i.execute("explain chsh")))
        #expect(chsh.hasPrefix("CHSH S"))
        #expect(chsh.contains("Source: "))
        #expect(text(i.execute("help chsh")) == chsh)
        #expect(text(i.execute("explain Bell test")) == chsh)
        #expect(text(i.execute("explain ε"))?.hasPrefix("ε") == true)
        #expect(text(i.execute("explain qber"))?.contains("lesson") == true)
        let miss = try #require(failure(i.execute("explain chshh")))
        #expect(miss.hint == "did you mean 'chsh'?")
        var ascii = Interpreter()
        ascii.unicode = false
        let plain = try #require(text(ascii.execute("explain chsh")))
        #expect(plain.allSatisfy { $0.isASCII })
        #expect(plain.contains("2*sqrt2") || plain.contains("sqrt"))
        let list = try #require(text(i.execute("explain")))
        for n in Glossary.names { #expect(list.contains(n)) }
    }

    @Test("Glossary entries: unique ids, two or three sentences, a source, a marker")
    func glossaryData() {
        #expect(Set(Glossary.names).count == Glossary.entries.count)
        for e in Glossary.entries {
            // A sentence ends with . ! or ? before a blank and a capital, or at the end.
            let ends = try! NSRegularExpression(pattern: #"[.!?](\s+(?=[A-Z0-9])|$)"#)
            let sentences = ends.numberOfMatches(in: e.text, range: NSRange(location: 0, length: (e.text as NSString).length))
            #expect((2...3).contains(sentences), "\(e.id): \(sentences) sentences")
            #expect(!e.source.isEmpty && !e.markers.isEmpty && !e.commands.isEmpty, "\(e.id)")
            for c in e.commands { #expect(Verbs.lookup(c) != nil, "\(e.id): unknown command \(c)") }
            #expect(Glossary.lookup(e.id)?.id == e.id)
        }
        // The issue's list of jargon that needed a way in.
        for t in ["born rule", "E(a,b)", "chsh", "visibility", "μ", "decoy", "gllp", "plob", "ε", "toeplitz", "f", "option8", "kA XOR kB", "bit/s"] {
            #expect(Glossary.lookup(t) != nil, "no entry for \(t)")
        }
    }

    @Test("A report's new terms are marked once per session")
    func markTerms() throws {
        var i = Interpreter()
        guard case .report(let r, _, _) = i.execute("e91 --pairs 2000 --seed 3") else { Issue.record("no report"); return }
        let found = i.newTerms(in: r.text(TextStyle()))
        let note = try #require(found)
        #expect(note.contains("CHSH S (explain chsh)"))
        #expect(note.contains("E(a,b) (explain correlation)"))
        #expect(i.newTerms(in: r.text(TextStyle())) == nil)
        #expect(Glossary.occurs("f =", in: "x, f = 1.1") && !Glossary.occurs("mu", in: "mutual"))
    }

    @Test("vars: headline values, a pattern, --all; whole numbers grouped")
    func vars() throws {
        var i = Interpreter()
        _ = i.execute("bb84 --photons 20000 --seed 2")
        let head = try #require(text(i.execute("vars")))
        #expect(head.contains("last.bb84.qber"))
        #expect(head.contains("20,000"))
        #expect(head.contains("'vars --all'"))
        let all = try #require(text(i.execute("vars --all")))
        #expect(all.split(separator: "\n").count > head.split(separator: "\n").count)
        let q = try #require(text(i.execute("vars qber")))
        #expect(q.split(separator: "\n").allSatisfy { $0.lowercased().contains("qber") })
        #expect(!q.isEmpty)
        #expect(text(i.execute("vars last.bb84.*Bits"))?.contains("last.bb84.keyBits") == true)
        #expect(failure(i.execute("vars zzz"))?.hint == "'vars --all' lists every value")
        #expect(Interpreter.readable("29057314.853924975") == "29,057,314.9" || Interpreter.readable("29057314.853924975") == "29,057,315")
        #expect(Interpreter.readable("0.0123456789") == "0.0123457")
        #expect(failure(i.execute("set qber 3"))?.message == "'qber' cannot be set")
    }

    @Test("Negative numbers are named; repeated options and long lines are refused in one line")
    func argumentGuard() throws {
        var i = Interpreter()
        let neg = try #require(failure(i.execute("bb84 --photons -1")))
        #expect(neg.message == "--photons cannot be negative (got -1)")
        #expect(neg.column == 16)
        #expect(failure(i.execute("bb84 --photons=-5"))?.message.contains("negative") == true)
        // Angles may be negative.
        if case .failure(let e) = i.execute("polarization --analyzer -30 --photons 100") { Issue.record("\(e)") }
        let twice = try #require(failure(i.execute("bb84 --mu 0.3 --mu 0.4")))
        #expect(twice.message == "--mu is given twice (first at col 6)")
        // 64 KB of one repeated option: refused at the second copy, after one linear pass.
        let line = "bb84" + String(repeating: " --mu 1", count: 9_000)
        #expect(line.utf8.count < ArgumentGuard.maxLineBytes)
        #expect(failure(i.execute(line))?.message == "18,000 words; a command takes at most 1,024")
        let few = "bb84" + String(repeating: " --mu 1", count: 500)
        #expect(failure(i.execute(few))?.message == "--mu is given twice (first at col 6)")
        let big = String(repeating: "x", count: ArgumentGuard.maxLineBytes + 1)
        let e = try #require(failure(i.execute(big)))
        #expect(e.message == "the line is 65,537 bytes; the limit is 65,536 (64 KB)")
        // Many words: refused before ArgumentParser sees them (its parsing is quadratic in words).
        let words = "bb84" + String(repeating: " 1", count: 5_000)
        #expect(failure(i.execute(words))?.message == "5,000 words; a command takes at most 1,024")
        let tokens = try Tokenizer.tokenize("bb84" + String(repeating: " --json", count: 2))
        #expect(throws: CommandLineError.self) { try ArgumentGuard.prepare(Array(tokens.dropFirst()), catalog: OptionCatalog.shared["bb84"]!, verb: "bb84") }
    }

    @Test("Parsing work is bounded: ArgumentParser never sees more words than a command has options")
    func boundedWork() throws {
        // ArgumentParser removes parsed words one by one from an array (quadratic in words),
        // so the guard hands it at most two words per option plus the positionals and one more.
        for verb in Verbs.simulations.map(\.name) {
            let catalog = try #require(OptionCatalog.shared[verb])
            let bound = 2 * catalog.options.count + catalog.positionals + 1
            let shapes = [String(repeating: " w", count: 1_000), String(repeating: " --unknown", count: 1_000),
                          String(repeating: " -1", count: 1_000), " --seed 3" + String(repeating: " 7", count: 1_000),
                          catalog.names.map { " \($0) 1" }.joined() + String(repeating: " x", count: 900)]
            for shape in shapes {
                let tokens = try Tokenizer.tokenize(shape)
                if let words = try? ArgumentGuard.prepare(tokens, catalog: catalog, verb: verb) {
                    #expect(words.count <= bound, "\(verb): \(words.count) words reach the parser")
                }
            }
        }
    }

    @Test("Option values for completion come from the parser: strategies, models, variants, settings")
    func optionValues() throws {
        func values(_ verb: String, _ option: String) -> [String] { OptionCatalog.shared[verb]?.options[option]?.values ?? [] }
        #expect(values("bb84", "--eve").contains("intercept-resend"))
        #expect(values("bb84", "--variant").contains("option8"))
        #expect(values("keyrate", "--model").contains("decoy-vacuum-weak"))
        #expect(values("e91", "--settings").contains("bbm92"))
        #expect(values("network", "--routing").contains("widest"))
        #expect(values("bb84", "--color") == ["auto", "always", "never"])
        #expect(OptionCatalog.shared["keyrate"]?.options["--distance"]?.defaultValue == "0:150:10")
        #expect(ScenarioNames.all.contains("jinan-2017"))
        #expect(ScenarioNames.nodes("secoqc-2008").count >= 6)
        #expect(StationNames.all.contains("Xinglong"))
        #expect(ScenarioNames.presets.contains("gys"))
    }

    @Test("Parse errors are one line; options that do nothing are refused")
    func oneLine() throws {
        var i = Interpreter()
        for bad in ["bb84 --photons x", "bb84 --photon 5", "bb84 --eve nobody", "keyrate --distance 5:1:1", "e91 --pairs"] {
            let e = try #require(failure(i.execute(bad)), "\(bad)")
            #expect(!e.description.contains("\n"), "\(bad): \(e.description)")
            #expect(!e.description.contains("<"), "\(bad): \(e.description)")
        }
        let sweep = try #require(failure(i.execute("polarization --sweep 10 --analyzer 30")))
        #expect(sweep.message.contains("--analyzer has no effect with --sweep"))
        let sat = try #require(failure(i.execute("satellite")))
        #expect(sat.message.contains("Xinglong") && sat.message.contains("Graz"))
    }

    @Test("TerminalText escapes C0, DEL and C1 but keeps tab and newline")
    func sanitize() {
        #expect(TerminalText.sanitize("a\u{1B}]0;title\u{07}b") == "a\\u{1B}]0;title\\u{7}b")
        #expect(TerminalText.sanitize("x\ty\nz") == "x\ty\nz")
        #expect(TerminalText.sanitize("x\ny", keepNewlines: false) == "x\\u{A}y")
        #expect(TerminalText.sanitize("\u{9B}2J\u{7F}é✓") == "\\u{9B}2J\\u{7F}é✓")
        #expect(!TerminalText.containsControl(TerminalText.sanitize("\u{1B}[2J\u{0}\u{85}")))
    }

    @Test("Format: grouping, plurals, SI rates, word wrap")
    func format() {
        #expect(Format.plural(1, "key") == "1 key")
        #expect(Format.plural(2, "pass", "passes") == "2 passes")
        #expect(Format.plural(12345, "bit") == "12,345 bits")
        #expect(Format.number(1640, 0) == "1,640")
        #expect(Format.number(-12345.678, 1) == "-12,345.7")
        #expect(Format.count(29057314.85) == "29,057,314")
        #expect(Format.rate(bitsPerSecond: 0) == "0 bit/s")
        #expect(Format.rate(bitsPerSecond: 850) == "850 bit/s")
        #expect(Format.rate(bitsPerSecond: 7561.7) == "7.56 kbit/s")
        #expect(Format.rate(bitsPerSecond: 1.2e6) == "1.20 Mbit/s")
        #expect(Format.rate(bitsPerSecond: 999_999) == "1.00 Mbit/s")
        #expect(Format.rate(bytesPerSecond: 1000) == "8.00 kbit/s")
        #expect(Format.rate(bitsPerSecond: 0.0042) == "0.00420 bit/s")
        #expect(Format.groupNumbers(in: "12345 bits, 0.123456, 1234, x12345, 1e-10") == "12,345 bits, 0.123456, 1234, x12345, 1e-10")
        #expect(Format.words("sampleDisclosed") == "sample disclosed")
        let wrapped = Format.wrap("  label     " + String(repeating: "word ", count: 30), width: 40)
        let lines = wrapped.split(separator: "\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 12)) && !$0.hasPrefix(String(repeating: " ", count: 13)) })
        #expect(!wrapped.contains("wo\nrd"))
        #expect(Format.wrap(String(repeating: "x", count: 90), width: 40) == String(repeating: "x", count: 90))
    }

    @Test("qkdtutor run: one error line plus a 'see' line")
    func cliErrors() {
        // RunCLI prints to stderr; here check what it hands back for the shapes it must catch.
        #expect(RunCLI.run(["run", "bb84", "--help"]) == nil)
        #expect(RunCLI.run(["lessons"]) == nil)
        #expect(Interpreter.oneLine("Error: The value 'x' is invalid for '--photons <photons>': bad\nHelp: …\nUsage: …") ==
                "The value 'x' is invalid for '--photons': bad")
    }

    @Test("File errors read 'cannot write FILE: reason'")
    func fileErrors() {
        do { try "x".write(toFile: "/nonexistent-dir/out.txt", atomically: true, encoding: .utf8); Issue.record("wrote") } catch {
            let m = FileErrors.cannotWrite("/nonexistent-dir/out.txt", error)
            #expect(m.hasPrefix("cannot write /nonexistent-dir/out.txt: "))
            #expect(!m.contains("NSCocoaErrorDomain") && !m.contains("Code="))
        }
    }
}
