// The projector of the BB84 role play: the public channel and progress during
// the game, then the reveal, photon by photon (Space/→ next, ←/b back).
import RolePlay

public final class RolePlayProjectorScreen {
    public private(set) var view: ProjectorView
    public let theme: Theme
    /// Reveal step: 0 shows the channel with tampering marked, 1…n add photon
    /// rows one at a time, n + 1 the summary.
    public private(set) var step = 0

    public init(view: ProjectorView, theme: Theme) {
        self.view = view
        self.theme = theme
    }

    public func update(_ view: ProjectorView) {
        self.view = view
        step = min(step, steps - 1)
    }

    /// Steps of the reveal (1 while the game runs).
    public var steps: Int { view.reveal.map { $0.photons.count + 2 } ?? 1 }

    /// Applies one key; false means leave.
    public func handle(_ key: RolePlayKey) -> Bool {
        switch key {
        case .escape, .char("q"), .char("Q"): return false
        case .right, .pageDown, .enter, .char(" "), .char("n"), .char("l"): step = min(steps - 1, step + 1)
        case .left, .pageUp, .char("b"), .char("h"): step = max(0, step - 1)
        case .home: step = 0
        case .end: step = steps - 1
        default: break
        }
        return true
    }

    public var hint: String {
        view.reveal == nil ? "the reveal opens when the game ends  q leave"
            : "Space/\(theme.right) next photon  \(theme.left)/b back  Home/End  q leave"
    }

    /// The text of the current step, line by line (also what `--plain` prints).
    public func lines(width: Int, height: Int) -> [String] {
        var out: [String] = []
        let v = view
        var title = "BB84 role play | projector | \(RolePlayText.phase(v.phase))"
        if !v.phase.isOver && !v.waitingFor.isEmpty { title += " | waiting for \(v.waitingFor.map(\.rawValue).joined(separator: " or "))" }
        out.append(title)
        // A secret Eve is never named while the game runs (see `RolePlayText.projectorEve`).
        let eve = RolePlayText.projectorEve(v).map { " | \($0)" } ?? ""
        out.append("\(v.photonCount) photons\(eve) | authentication \(v.authentication ? "on" : "off")")
        var progress: [String] = []
        progress.append(v.photonsSent ? "sent" : "not sent")
        if v.photonsMeasured { progress.append("measured") }
        if let s = v.siftedCount { progress.append("\(s) kept") }
        if let e = v.sampleErrors, let n = v.sampleSize { progress.append("sample \(e)/\(n) differ") }
        if let l = v.leakedBits { progress.append("\(l) bits leaked by Cascade") }
        out.append("progress: " + progress.joined(separator: ", "))
        out += RolePlayText.verification(v.verification, unicode: theme.unicode)
        out += RolePlayText.keyLengths(toy: v.toyLength, finiteKey: v.finiteKey, unicode: theme.unicode)
        out += RolePlayText.authentication(v.authenticationCost)
        guard let reveal = v.reveal, step > 0 else {
            out.append("public channel:")
            let room = max(1, height - out.count)
            // One line per message: format only those that fit (this redraws every 150 ms).
            out += RolePlayText.channel(Array(v.channel.suffix(room)), unicode: theme.unicode)
            return out
        }
        if step <= reveal.photons.count {
            out.append("The hidden truth, photon \(step - 1) of \(reveal.photons.count - 1):")
            out.append(RolePlayText.revealHeader)
            let room = max(1, height - out.count)
            out += reveal.photons.prefix(step).suffix(room).map { RolePlayText.revealRow($0, unicode: theme.unicode) }
        } else {
            out += RolePlayText.revealSummary(reveal, unicode: theme.unicode)
        }
        return out
    }

    /// The current step on `canvas`, under an optional `caption` line (the
    /// class's game and seats, or the replay's move) and above the hint
    /// (`hint` replaces the screen's own, e.g. the replay's keys).
    public func draw(into canvas: Canvas, caption: String? = nil, hint: String? = nil) {
        canvas.clear()
        let h = canvas.size.rows
        let top = caption == nil ? 0 : 1
        if let caption { canvas.put(caption, 0, 0, .bold) }
        let rows = max(1, h - 1 - top)
        let body = lines(width: canvas.size.cols, height: rows)
        for (i, line) in body.prefix(rows).enumerated() {
            let ink: Ink = i == 0 ? .bold : (line.contains("ERR") || line.contains("TAMPERED") || line.contains("ABORTED")
                                               || line.contains("REJECTED") ? .warn : .normal)
            canvas.put(line, i + top, 0, ink)
        }
        canvas.put(hint ?? self.hint, h - 1, 0, .dim)
    }
}
