import CNcurses
import Commands
import Foundation
import QKD
import QKDNetwork
import Testing
@testable import Studio

/// Views that tell the truth (issue 13): the distillation view after e91 and
/// after an aborted run, Cascade passes merged and searched in place, the
/// network view per route, the satellite's two axes, the report pane, the projector.
/// An extension, so these run inside the serialized suite: curses is process-global.
extension ViewRenderTests {

    func session(_ lines: [String], seed: UInt64 = 7) -> Interpreter {
        var i = Interpreter(session: Session(seed: seed))
        for l in lines { _ = i.execute(l) }
        return i
    }

    @Test func narrationScrollsBackToTheStepTitle() throws {
        let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80)))
        defer { screen.close() }
        var state = FrameState()
        state.conversation = ["Step 1 of 4: Sifting"] + (1...30).map { "line \($0) of a long narration and its question" }
        let frame = Frame(size: Size(rows: 24, cols: 80), commandLine: true, narrationRows: 10)
        func draw() -> String {
            FrameDrawer.draw(nil, state: state, frame: frame, on: screen.terminal.canvas, keysHint: "")
            return text(screen.terminal.lines)
        }
        let tail = draw()
        #expect(!tail.contains("Step 1 of 4") && tail.contains("line 30 of") && tail.contains("more: Shift-PgUp"))
        state.conversationScroll = 1000
        let back = draw()
        #expect(back.contains("Step 1 of 4: Sifting") && !back.contains("line 30 of") && back.contains("more: Shift-PgDn"))
    }

    @Test func pipeLinesKeepTheirSpacing() {
        let lines = FrameDrawer.wrapParagraphs(["    |  H  ->  V   |", "    a b"], width: 79)
        #expect(lines == ["    |  H  ->  V   |", "    a b"])
    }

    @Test func e91TableFitsAt80x24() throws {
        for line in ["e91 --pairs 20000 --settings ekert", "e91 --pairs 20000 --settings ekert --eve intercept-resend"] {
            let r = try report(line)
            let result = try #require((r.value as? DistilledRun<E91Result>)?.run ?? (r.value as? E91Result))
            let view = try #require(Views.make("e91", report: r, theme: Theme(color: false, unicode: true)))
            let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80)))
            defer { screen.close() }
            // The meter step, in the studio's frame at 80×24: every correlation is on screen.
            let t = text(screen.render(view, step: view.steps - 1, commandLine: true))
            for x in result.correlations { #expect(t.contains(Num.fixed(x.correlation, 4)), "\(line): E = \(Num.fixed(x.correlation, 4)) missing") }
            if let s = result.chsh { #expect(t.contains("S = \(Num.fixed(s, 4))")) }
        }
    }

    @Test func bb84KeepsRowsForTheViewWithoutShow() throws {
        let r = try report("bb84 --photons 2000 --seed 3")
        let result = try #require((r.value as? DistilledRun<BB84Result>)?.run)
        #expect(result.rows.count == 64)
        // The text stays as before: no photon table without --show.
        #expect(!r.text(TextStyle(color: false, unicode: true, plain: false, width: 100)).contains("Alice  basis"))
        let view = try #require(Views.make("bb84", report: r, theme: Theme(color: false, unicode: true)))
        #expect(view.steps == 66)
        let shown = try report("bb84 --photons 2000 --seed 3 --show 5")
        #expect((shown.value as? DistilledRun<BB84Result>)?.run.rows.count == 5)
    }

    @Test func showDistillAfterE91() throws {
        var i = session(["bb84 --photons 2000 --distill", "e91 --pairs 40000 --distill"])
        guard case .show(let name, let r) = i.execute("show distill") else { Issue.record("show distill failed"); return }
        #expect(name == "distill" && r.kind == "e91")
        let view = try #require(Views.make("distill", report: r, theme: Theme(color: false, unicode: true)))
        #expect(view.title.contains("E91"))
        let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80)))
        defer { screen.close() }
        for s in 0..<view.steps { _ = screen.render(view, step: s) }
        // Without any --distill run, `show distill` still follows bb84.
        var plain = session(["bb84 --photons 2000"])
        guard case .show(_, let b) = plain.execute("show distill") else { Issue.record("show distill after bb84 failed"); return }
        #expect(b.kind == "bb84")
    }

    @Test func abortedRunEndsWithoutAKey() throws {
        let r = try report("bb84 --photons 4000 --eve intercept-resend --distill")
        let view = try #require(Views.make("distill", report: r, theme: Theme(color: false, unicode: true)))
        let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80)))
        defer { screen.close() }
        let last = text(screen.render(view, step: view.steps - 1))
        #expect(last.contains("aborted: no key"))
        #expect(view.narration(step: view.steps - 1).hasPrefix("Aborted: no key"))
    }

    @Test func cascadeStagesAreTruthful() throws {
        let r = try report("bb84 --photons 60000 --misalignment 0.03 --distill --seed 5")
        let d = try #require((r.value as? DistilledRun<BB84Result>)?.distillation)
        let view = DistillView(result: (r.value as! DistilledRun<BB84Result>).run, distillation: d, theme: Theme(color: false, unicode: true))
        let narrations = (0..<view.steps).map { view.narration(step: $0) }
        let passes = d.reconciliation.trace.passes
        // Every pass with disagreeing blocks has its own step with the right count; idle runs merge.
        for p in passes where p.disagreeingBlockCount > 0 {
            let n = p.disagreeingBlockCount
            #expect(narrations.contains { $0.hasPrefix("Cascade pass \(p.index + 1):") && $0.contains(n == 1 ? "1 block disagrees" : "\(Num.count(n)) blocks disagree") })
        }
        let idle = passes.filter { $0.disagreeingBlockCount == 0 }.count
        let idleSteps = narrations.filter { $0.hasPrefix("Cascade passes ") || ($0.hasPrefix("Cascade pass ") && $0.contains("0 blocks disagree")) }.count
        #expect(idleSteps <= idle)
        // The shuffle is mentioned only from pass 2.
        #expect(narrations.first { $0.hasPrefix("Cascade pass 1:") }?.contains("shuffled") == false)
        // Each binary search comes right after its own pass.
        for (k, n) in narrations.enumerated() where n.hasPrefix("Binary search") {
            let pass = try #require(n.split(separator: " ").firstIndex(of: "pass").map { Int(n.split(separator: " ")[$0 + 1].filter(\.isNumber))! })
            #expect(narrations[k - 1].hasPrefix("Cascade pass \(pass):"))
        }
    }

    @Test func networkViewPagesRoutesAndKeepsLabels() throws {
        let r = try report("network beijing-shanghai --hours 1 --compromise Hefei")
        let report = try #require(r.value as? NetworkRunReport)
        let view = NetworkView(report: report, theme: Theme(color: false, unicode: true))
        #expect(view.steps == view.routes.reduce(0) { $0 + $1.route.count + 1 })
        let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80)))
        defer { screen.close() }
        for s in 0..<view.steps {
            let rows = screen.renderView(view, step: s)
            let (i, local) = view.locate(s)
            let route = view.routes[i]
            // The key glyph never sits inside a "NNkm" length label.
            for row in rows { #expect(row.range(of: #"\d◆|◆km|k◆m"#, options: .regularExpression) == nil) }
            // Tags under the chain never run together ("saw" directly followed by another tag).
            for row in rows { #expect(row.range(of: #"(saw|leak|pool [▁▂▃▄▅▆▇█])[^ ]"#, options: .regularExpression) == nil, "\(row)") }
            if local == route.route.count {
                #expect(text(rows).contains("delivered \(Num.count(route.deliveredKeyBits)) key bits"))
            }
        }
    }

    @Test func satelliteViewHasTwoAxesAndRelayKeys() throws {
        let r = try report("satellite --station Xinglong --passes 3 --relay-to Graz")
        let view = try #require(Views.make("satellite", report: r, theme: Theme(color: false, unicode: true)))
        let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80)))
        defer { screen.close() }
        let t = text(screen.renderView(view, step: 0))
        #expect(t.contains("elevation (left axis, degrees)") && t.contains("loss (right axis, dB)"))
        #expect(t.contains(" dB"))
        let relay = try #require((r.value as? SatelliteRunReport)?.relay)
        #expect(t.contains("kA ") && t.contains("kB ") && t.contains("shared key \(Num.count(relay.sharedKeyBits))"))
    }

    @Test func keyRateSatellitePresetHasNoFiberMarkers() throws {
        let r = try report("keyrate --preset satellite --distance 500:1500:100")
        let view = try #require(Views.make("keyrate", report: r, theme: Theme(color: false, unicode: true)))
        let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80)))
        defer { screen.close() }
        let t = text(screen.renderView(view, step: 0))
        #expect(!t.contains("metro") && !t.contains("backbone"))
        #expect(t.contains("slant range"))
        let fiber = try report("keyrate --preset gys --distance 0:150:10")
        let f = text(screen.renderView(try #require(Views.make("keyrate", report: fiber, theme: Theme(color: false, unicode: true))), step: 0))
        #expect(f.contains("fiber length") && !f.contains("Micius"))
    }

    @Test func reportPaneShowsTheFullTextAndScrolls() throws {
        let r = try report("e91 --pairs 20000")
        let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80)))
        defer { screen.close() }
        let view = try #require(Views.make("e91", report: r, theme: Theme(color: false, unicode: true)))
        var state = FrameState()
        state.reportText = { w in r.text(TextStyle(color: false, unicode: true, plain: false, width: w)) }
        state.reportShown = true
        let t = text(screen.render(view, step: 0, commandLine: true, state: state))
        #expect(t.contains("Report  lines 1"))
        #expect(t.contains("CHSH S"))
        // Wide enough: beside the view, both visible.
        let wide = try #require(HeadlessScreen(size: Size(rows: 30, cols: 130)))
        defer { wide.close() }
        let w = text(wide.render(view, step: 0, commandLine: true, state: state))
        #expect(w.contains("E91") && w.contains("Report"))
    }

    @Test func projectorThemeNeverDims() throws {
        var theme = Theme(color: true, unicode: true)
        theme.projector = true
        let screen = try #require(HeadlessScreen(size: Size(rows: 24, cols: 80), theme: theme))
        defer { screen.close() }
        let c = screen.terminal.canvas
        for ink in [Ink.normal, .bold, .dim, .good, .bad, .warn, .accent, .inverse] {
            let a = c.attributes(ink)
            #expect(a & qkd_attr_dim() == 0)
            #expect(a & qkd_attr_bold() != 0)
        }
    }
}
