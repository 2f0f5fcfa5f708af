import Commands
import Foundation
import QKD
import Testing
@testable import Studio

/// Runs one command through the interpreter, as the REPL would, and returns its report.
func report(_ line: String) throws -> Report {
    var interpreter = Interpreter(session: Session(seed: 7))
    guard case .report(let r, _, _) = interpreter.execute(line) else {
        Issue.record("'\(line)' gave no report"); throw CancellationError()
    }
    return r
}

let sizes = [Size(rows: 24, cols: 80), Size(rows: 40, cols: 120)]

/// Renders every step of a view at both sizes; returns the screens of the chosen step.
func screens(_ name: String, _ r: Report, step: Int? = nil, unicode: Bool = true) throws -> [[String]] {
    let theme = Theme(color: false, unicode: unicode)
    let view = try #require(Views.make(name, report: r, theme: theme))
    var out: [[String]] = []
    for size in sizes {
        let screen = try #require(HeadlessScreen(size: size, theme: theme))
        defer { screen.close() }
        // Every step must draw without trouble; keep the one asked for.
        for s in 0..<view.steps { _ = screen.render(view, step: s) }
        out.append(screen.render(view, step: step ?? view.steps - 1))
    }
    return out
}

func text(_ rows: [String]) -> String { rows.joined(separator: "\n") }

@Suite(.serialized)
struct ViewRenderTests {
    init() { setenv("SWIFT_BACKTRACE", "interactive=no", 1) }

    @Test func bb84TimelineShowsPhotonsAndSiftedKey() throws {
        let r = try report("bb84 --photons 200 --show 20 --seed 7")
        let result = try #require((r.value as? DistilledRun<BB84Result>)?.run)
        for rows in try screens("bb84", r) {
            let t = text(rows)
            #expect(t.contains("BB84 timeline"))
            #expect(t.contains("Alice basis") && t.contains("Bob got"))
            #expect(t.contains("sifted key"))
            let kept = result.rows.filter(\.kept).count
            #expect(t.contains("\u{2713} kept \(kept)"))
            #expect(t.contains("sifted \(result.sifted)") || t.contains("sifted \(Num.count(result.sifted))"))
            #expect(t.contains("↔") || t.contains("↕") || t.contains("⤢") || t.contains("⤡"))
            #expect(t.contains("step \(result.rows.count + 2)/\(result.rows.count + 2)"))
        }
    }

    @Test func distillViewFollowsCascadeAndPrivacyAmplification() throws {
        let r = try report("bb84 --photons 20000 --misalignment 0.03 --distill --seed 7")
        let d = try #require((r.value as? DistilledRun<BB84Result>)?.distillation)
        let view = try #require(Views.make("distill", report: r, theme: Theme(color: false, unicode: true)))
        // Four ledger steps; each pass with disagreeing blocks, followed by its first binary search;
        // each run of passes with none as one step; verification, amplification.
        let trace = d.reconciliation.trace
        var expected = 4 + 2, idleRun = false
        for p in trace.passes {
            if p.disagreeingBlockCount == 0 { if !idleRun { expected += 1 }; idleRun = true; continue }
            idleRun = false
            expected += 1 + (trace.searches.contains { $0.pass == p.index && !$0.steps.isEmpty } ? 1 : 0)
        }
        #expect(view.steps == expected)
        let first = try screens("distill", r, step: 4)
        for rows in first {
            let p = d.reconciliation.trace.passes[0]
            #expect(text(rows).contains("pass 1: \(Num.count(p.blockCount)) blocks of \(p.blockSize) bits"))
            #expect(text(rows).contains(p.disagreeingBlockCount == 1 ? "1 block disagrees" : "\(Num.count(p.disagreeingBlockCount)) blocks disagree"))
        }
        for rows in try screens("distill", r) {
            #expect(text(rows).contains("final key"))
            #expect(text(rows).contains(Num.count(d.finalKeyBits)))
        }
    }

    @Test func keyRateComparisonDrawsEveryModelWithItsLetter() throws {
        let r = try report("keyrate --model decoy-infinite --preset gys --distance 0:200:10 --compare")
        for rows in try screens("keyrate", r, step: 3) {
            let t = text(rows)
            for legend in ["g GLLP", "w vacuum+weak", "P PLOB bound", "s single-photon SP"] { #expect(t.contains(legend)) }
            // Letters drawn inside the plot area, not only in the legend.
            let plotRows = rows.dropFirst(3).dropLast(3).joined()
            #expect(plotRows.contains("P") && plotRows.contains("g"))
        }
    }

    @Test func networkShowsPoolLevelsOnTheRoute() throws {
        let r = try report("network secoqc-2008 --hours 1")
        let n = try #require(r.value as? NetworkRunReport)
        let onRoute = n.linkPools.filter { $0.routePosition != nil }
        #expect(onRoute.count == n.route.count - 1)
        let low = try #require(onRoute.min { $0.levelBits < $1.levelBits })
        for rows in try screens("network", r, step: 1) {
            #expect(text(rows).contains("pool "))
            #expect(text(rows).contains("emptiest pool \(low.link)"))
        }
    }

    @Test func bb84FirstPhotonNarration() throws {
        let r = try report("bb84 --photons 200 --show 20 --seed 7")
        let result = try #require((r.value as? DistilledRun<BB84Result>)?.run)
        let row = result.rows[0]
        for rows in try screens("bb84", r, step: 1) {
            let t = text(rows)
            #expect(t.contains("Photon \(row.index): Alice sends bit \(row.aliceBit ? 1 : 0)"))
            #expect(t.contains("sent 1/20"))
        }
    }

    @Test func bb84WithEveShowsEveRows() throws {
        let r = try report("bb84 --photons 200 --show 20 --eve intercept-resend --seed 7")
        for rows in try screens("bb84", r) {
            let t = text(rows)
            #expect(t.contains("Eve basis") && t.contains("Eve got"))
            #expect(t.contains("\u{2717}"))  // intercept-resend leaves errors in 20 photons with this seed
        }
    }

    @Test func asciiGlyphsWithoutUnicode() throws {
        let r = try report("bb84 --photons 200 --show 20 --seed 7")
        for rows in try screens("bb84", r, unicode: false) {
            let t = text(rows)
            #expect(!t.unicodeScalars.contains { $0.value > 127 }, "non-ASCII in: \(t)")
            #expect(t.contains("+ kept"))
        }
    }

    @Test func distillLedger() throws {
        let r = try report("bb84 --photons 2000 --seed 7")
        let result = try #require((r.value as? DistilledRun<BB84Result>)?.run)
        for rows in try screens("distill", r) {
            let t = text(rows)
            #expect(t.contains("disclosed") && t.contains(Num.count(result.sampleBits)))
            #expect(t.contains(Num.count(result.keyBits)))
        }
    }

    @Test func e91ShowsCorrelationsAndSMeter() throws {
        let r = try report("e91 --pairs 20000 --seed 7")
        let result = try #require((r.value as? DistilledRun<E91Result>)?.run)
        let s = try #require(result.chsh)
        for rows in try screens("e91", r) {
            let t = text(rows)
            #expect(t.contains("S = \(Num.fixed(s, 3))"))
            #expect(t.contains("2 classical") && t.contains("2√2"))
            #expect(t.contains("Bell inequality violated"))
            #expect(t.contains(Num.count(result.correlations[0].coincidences)))
        }
    }

    @Test func e91WithEveIsNotViolated() throws {
        let r = try report("e91 --pairs 20000 --eve intercept-resend --seed 7")
        for rows in try screens("e91", r) {
            #expect(text(rows).contains("not violated"))
        }
    }

    @Test func polarizationBenchCounts() throws {
        let r = try report("polarization --source H --analyzer 30 --photons 10000 --seed 7")
        let run = try #require(r.value as? PolarizationRun)
        for rows in try screens("polarization", r) {
            let t = text(rows)
            #expect(t.contains("passed  " + Num.count(run.passed).leftPadded(11)))
            #expect(t.contains("blocked " + Num.count(run.photons - run.passed).leftPadded(11)))
            #expect(t.contains("predicted 0.7500"))
            #expect(t.contains("analyzer ∠ 30"))
        }
    }

    @Test func polarizationSweepPlotsPoints() throws {
        let r = try report("polarization --source H --sweep 15 --photons 1000 --seed 7")
        for rows in try screens("polarization", r) {
            let t = text(rows)
            #expect(t.contains("Malus sweep"))
            #expect(t.filter { $0 == "●" }.count >= 10)
        }
    }

    @Test func keyRatePlotWithRealLinks() throws {
        let r = try report("keyrate --model decoy-infinite --preset gys --distance 0:150:10")
        for rows in try screens("keyrate", r, step: 5) {
            let t = text(rows)
            #expect(t.contains("cursor 50 km"))
            #expect(t.contains("metro") && t.contains("backbone hop"))
            // A fiber preset's axis carries fiber lengths only; the satellite's slant range is not one of them.
            #expect(!t.contains("Micius"))
            #expect(t.contains("1e"))
        }
    }

    @Test func networkChainWithCompromisedNode() throws {
        let r = try report("network beijing-shanghai --hours 1 --compromise Hefei")
        let n = try #require(r.value as? NetworkRunReport)
        let hefei = try #require(n.route.firstIndex(of: "Hefei"))
        for rows in try screens("network", r, step: hefei) {
            #expect(text(rows).contains("☠Hefei"))
            #expect(text(rows).contains("✗leak"))
        }
        for rows in try screens("network", r) {
            let t = text(rows)
            #expect(t.contains("☠ compromised Hefei"))
            #expect(t.contains("EXPOSED") || t.contains("SAFE"))
            #expect(t.contains(Num.count(n.exposedKeyBits)))
            #expect(t.contains("saw"))
        }
    }

    @Test func satellitePassKeyAccumulates() throws {
        let r = try report("satellite --station Xinglong --passes 3")
        let s = try #require(r.value as? SatelliteRunReport)
        for rows in try screens("satellite", r) {
            let t = text(rows)
            #expect(t.contains("pass 3/3"))
            #expect(t.contains("key so far") && t.contains(Num.count(Int(s.totalKeyBits))))
            #expect(t.contains("◎"))
        }
    }

    @Test func everyViewFitsAt80x24() throws {
        let lines = ["bb84 --photons 200 --show 20", "e91 --pairs 5000", "polarization --analyzer 22.5",
                     "keyrate", "network beijing-shanghai --compromise Hefei", "satellite --station Graz --passes 5"]
        let names = ["bb84", "e91", "polarization", "keyrate", "network", "satellite"]
        let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80)))
        defer { screen.close() }
        for (line, name) in zip(lines, names) {
            let view = try #require(Views.make(name, report: try report(line), theme: Theme(color: false, unicode: true)))
            for step in 0..<view.steps {
                let rows = screen.render(view, step: step)
                #expect(rows.count == 24)
                // The status bar is always the last row, so nothing spilled over it.
                #expect(rows[23].contains("\(name) step \(step + 1)/\(view.steps)"))
            }
        }
    }

    @Test func tooSmallScreen() throws {
        let r = try report("bb84 --photons 200 --show 20")
        let view = try #require(Views.make("bb84", report: r, theme: Theme(color: false, unicode: true)))
        let screen = try #require(HeadlessScreen(size: Size(rows: 20, cols: 60)))
        defer { screen.close() }
        #expect(text(screen.render(view, step: 3)).contains("terminal too small (need 80×24)"))
        screen.resize(Size(rows: 24, cols: 80))
        #expect(text(screen.render(view, step: 3)).contains("BB84 timeline"))
    }

    @Test func lessonNarrationAndNameInTheFrame() throws {
        let r = try report("e91 --pairs 2000")
        let view = try #require(Views.make(Views.defaultView(for: r), report: r, theme: Theme(color: false, unicode: true)))
        let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80)))
        defer { screen.close() }
        var state = FrameState()
        state.narration = "Watch S cross the line at 2."
        state.lesson = "lesson 3"
        let t = text(screen.render(view, step: 0, state: state))
        #expect(t.contains("Watch S cross the line at 2."))
        #expect(t.contains("lesson 3  e91 step 1/"))
    }

    @Test func wrongKindGivesNoView() throws {
        let r = try report("e91 --pairs 100")
        #expect(Views.make("bb84", report: r, theme: Theme(color: false, unicode: true)) == nil)
    }

    /// Times redraws of the largest view at 120×40; prints the figure, asserts nothing on time.
    @Test func redrawTiming() throws {
        let r = try report("bb84 --photons 2000 --show 40 --eve intercept-resend")
        let view = try #require(Views.make("bb84", report: r, theme: Theme(color: true, unicode: true)))
        let screen = try #require(HeadlessScreen(size: Size(rows: 40, cols: 120), theme: Theme(color: true, unicode: true)))
        defer { screen.close() }
        let clock = ContinuousClock()
        let n = 100
        let elapsed = clock.measure { for i in 0..<n { screen.render(view, step: i % view.steps) } }
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        print("studio redraw: bb84 timeline 120x40, \(n) frames, \(String(format: "%.3f", ms / Double(n))) ms per frame")
    }
}
