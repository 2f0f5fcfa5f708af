// One role's screen in the BB84 role play (issue 15): draws a `RoleView`
// and turns keys into `GameAction`s. It holds only the player's unsent
// draft; the game itself lives on the server.
import RolePlay

/// A key, decoded from curses by the run loop (or made by a test).
public enum RolePlayKey: Equatable, Sendable {
    case left, right, home, end, pageUp, pageDown, enter, escape, backspace
    case char(Character)
}

public final class RolePlayRoleScreen {
    public private(set) var view: RoleView
    public let theme: Theme
    /// The photon under the cursor.
    public private(set) var cursor = 0
    /// One line of feedback: what was sent, or the server's refusal.
    public private(set) var notice: String?
    /// How many channel lines are scrolled back from the newest.
    public private(set) var channelBack = 0
    /// The player's unsent choices; nil entries are random (Alice, Bob) or pass (Eve).
    public private(set) var draftBits: [Int?]
    public private(set) var draftBases: [Basis?]
    public private(set) var draftEve: [EveChoice?]
    /// Eve's standing attack on the photons she left open (digit keys: fraction, B: Breidbart).
    public private(set) var strategy: EveStrategy?
    let submit: (GameAction) -> Void

    /// Eve's forged plaintext for the `c` key when she sends an empty line.
    public static let forgedText = "MEET AT MIDNIGHT"
    /// Eve's forged plaintext while she types it (`c` opens the line); nil otherwise.
    /// Printable ASCII only, at most `GameConfig.messageLimit` characters.
    public private(set) var forgery: String?

    public init(view: RoleView, theme: Theme, submit: @escaping (GameAction) -> Void) {
        self.view = view
        self.theme = theme
        self.submit = submit
        draftBits = Array(repeating: nil, count: view.photonCount)
        draftBases = Array(repeating: nil, count: view.photonCount)
        draftEve = Array(repeating: nil, count: view.photonCount)
    }

    /// A new view from the server; the draft stays.
    public func update(_ view: RoleView) {
        self.view = view
        cursor = min(cursor, max(0, view.photonCount - 1))
    }

    /// The server refused the last move: show its one line (escaped).
    public func show(error line: String) { notice = "refused: " + RolePlayText.safe(line) }

    /// What Enter does now, or nil when it is not this role's turn.
    public var enterAction: GameAction? {
        guard view.waitingFor.contains(view.role) else { return nil }
        switch (view.role, view.phase) {
        case (.alice, .preparing):
            return .send(preparations: zip(draftBits, draftBases).map { Preparation(bit: $0, basis: $1) })
        case (.eve, .inTransit): return .intercept(choices: draftEve, strategy: strategy)
        case (.bob, .measuring): return .measure(bases: draftBases)
        case (.bob, .announcingBases): return .announceBases
        case (.alice, .sifting): return .sift
        case (.alice, .sampling): return .disclose(.standard)
        case (.bob, .estimating): return .reportErrors
        case (_, .correcting): return .reconcile
        case (.alice, .amplifying): return .amplify
        case (.alice, .encrypting): return .encrypt(message: nil)
        case (.bob, .decrypting): return .decrypt
        default: return nil
        }
    }

    /// True while the role edits per-photon choices.
    var editing: Bool {
        switch (view.role, view.phase) {
        case (.alice, .preparing), (.eve, .inTransit), (.bob, .measuring): view.waitingFor.contains(view.role)
        default: false
        }
    }

    /// The keys that work now, wrapped to `width` in at most three lines.
    func hintLines(width: Int) -> [String] {
        var lines = [""]
        for part in hint.components(separatedBy: "  ") {
            let sep = lines[lines.count - 1].isEmpty ? "" : "  "
            if lines[lines.count - 1].count + sep.count + part.count > width && lines.count < 3 {
                lines.append(part)
            } else {
                lines[lines.count - 1] += sep + part
            }
        }
        return lines
    }

    /// The keys that work now.
    public var hint: String {
        if forgery != nil {
            return "type the text Bob should read  Enter arm the forgery (empty: \(Self.forgedText))  Backspace  Esc cancel"
        }
        var keys: [String] = []
        if editing {
            switch view.role {
            case .alice: keys.append("0/1 bit  +/x basis  r random fill")
            case .bob: keys.append("+/x basis  r random fill")
            case .eve:
                keys.append("p pass  +/x measure  b Breidbart  s resend state  i intercept the rest")
                keys.append("1-9,0 attack 10-100% of the open ones  B Breidbart/intercept-resend")
                if let st = strategy {
                    keys.append("[strategy: \(st.attack.rawValue) on \(Int((st.fraction * 100).rounded()))% of the open photons]")
                }
            }
            keys.append("arrows move")
        }
        if let a = enterAction { keys.append("Enter " + Self.describe(a)) }
        if view.role == .eve && !view.phase.isOver { keys.append("t flip parities  m fake bases  c type a forged text") }
        keys.append("PgUp/PgDn channel  q leave")
        return keys.joined(separator: "  ")
    }

    static func describe(_ a: GameAction) -> String {
        switch a {
        case .send: "send the photons"
        case .intercept: "let the photons go on to Bob"
        case .measure: "measure"
        case .announceBases: "announce your bases"
        case .sift: "announce the photons to keep"
        case .disclose: "disclose a sample"
        case .reportErrors: "report the sample errors"
        case .reconcile: "run Cascade, then check the hash tags"
        case .amplify: "announce the hashing seed"
        case .encrypt: "encrypt the message"
        case .decrypt: "decrypt"
        case .tamper: "tamper"
        }
    }

    /// Applies one key; false means leave.
    public func handle(_ key: RolePlayKey) -> Bool {
        if forgery != nil { typeForgery(key); return true }
        let n = view.photonCount
        switch key {
        case .escape, .char("q"), .char("Q"): return false
        case .left, .char("h"): cursor = max(0, cursor - 1); return true
        case .right, .char("l"): cursor = min(n - 1, cursor + 1); return true
        case .home: cursor = 0; return true
        case .end: cursor = n - 1; return true
        case .pageUp: channelBack += 5; return true
        case .pageDown: channelBack = max(0, channelBack - 5); return true
        case .backspace: return true
        case .enter:
            if let a = enterAction { send(a) } else { notice = "not your turn: waiting for " + waitingText }
            return true
        case let .char(c):
            if view.role == .eve && !view.phase.isOver && c == "c" {
                forgery = ""
                return true
            }
            if view.role == .eve && !view.phase.isOver, let rule = tamper(for: c) {
                send(.tamper(rule))
                return true
            }
            if editing { edit(c) }
            return true
        }
    }

    /// One key on Eve's forgery line: printable ASCII is typed (up to the
    /// message limit), Backspace deletes, Enter arms the forgery (the fixed
    /// text on an empty line), Esc cancels. Nothing else gets in.
    func typeForgery(_ key: RolePlayKey) {
        guard var text = forgery else { return }
        switch key {
        case .escape:
            forgery = nil
            notice = "forgery cancelled"
            return
        case .enter:
            forgery = nil
            if view.phase.isOver { notice = "the game is over"; return }
            send(.tamper(.forgeCiphertext(plaintext: text.isEmpty ? Self.forgedText : text)))
            return
        case .backspace:
            if !text.isEmpty { text.removeLast() }
        case let .char(c):
            if c == "\u{7F}" || c == "\u{08}" {
                if !text.isEmpty { text.removeLast() }
            } else if c.unicodeScalars.count == 1, let v = c.unicodeScalars.first?.value, (0x20...0x7E).contains(v) {
                if text.unicodeScalars.count < GameConfig.messageLimit {
                    text.append(c)
                } else {
                    notice = "at most \(GameConfig.messageLimit) characters"
                }
            }
        default:
            break
        }
        forgery = text
    }

    /// The forgery line as drawn: escaped (printable ASCII only), with its limit.
    var forgeryLine: String? {
        forgery.map { "forged text for Bob> \(RolePlayText.safe($0, limit: GameConfig.messageLimit))_  (\($0.unicodeScalars.count)/\(GameConfig.messageLimit))" }
    }

    var waitingText: String {
        view.waitingFor.isEmpty ? "the photons" : view.waitingFor.map(\.rawValue).joined(separator: " or ")
    }

    func send(_ action: GameAction) {
        notice = "sent: " + Self.describe(action)
        submit(action)
    }

    func tamper(for c: Character) -> Tamper? {
        switch c {
        case "t": return .flipNextParities
        case "m":
            // Bob's bases are not known before he speaks: Eve forges random ones.
            return .replaceNext(.bases((0..<view.photonCount).map { _ in Bool.random() ? .rectilinear : .diagonal }))
        default: return nil
        }
    }

    func edit(_ c: Character) {
        let i = cursor
        let n = view.photonCount
        func advance() { cursor = min(n - 1, cursor + 1) }
        switch (view.role, c) {
        case (.alice, "0"), (.alice, "1"): draftBits[i] = c == "0" ? 0 : 1   // then the basis, which moves on
        case (.alice, "+"), (.bob, "+"): draftBases[i] = .rectilinear; advance()
        case (.alice, "x"), (.alice, "d"), (.bob, "x"), (.bob, "d"): draftBases[i] = .diagonal; advance()
        case (.alice, "r"):
            // A visible random fill of what is still open; the move records the values.
            for j in 0..<n {
                if draftBits[j] == nil { draftBits[j] = Int.random(in: 0...1) }
                if draftBases[j] == nil { draftBases[j] = Bool.random() ? .rectilinear : .diagonal }
            }
        case (.bob, "r"):
            for j in 0..<n where draftBases[j] == nil { draftBases[j] = Bool.random() ? .rectilinear : .diagonal }
        case (.eve, "p"): draftEve[i] = .pass; advance()
        case (.eve, "+"): draftEve[i] = .measure(.rectilinear, resend: .result); advance()
        case (.eve, "x"), (.eve, "d"): draftEve[i] = .measure(.diagonal, resend: .result); advance()
        case (.eve, "b"): draftEve[i] = .measure(.breidbart, resend: .result); advance()
        case (.eve, "s"):
            // Cycle what she resends: her result, then H, V, D, A.
            guard case let .measure(basis, resend)? = draftEve[i] else { break }
            let order: [Resend] = [.result, .state(.horizontal), .state(.vertical), .state(.diagonal), .state(.antidiagonal)]
            let next = order[((order.firstIndex(of: resend) ?? 0) + 1) % order.count]
            draftEve[i] = .measure(basis, resend: next)
        case (.eve, "1"), (.eve, "2"), (.eve, "3"), (.eve, "4"), (.eve, "5"), (.eve, "6"), (.eve, "7"), (.eve, "8"),
             (.eve, "9"), (.eve, "0"):
            let tenths = c == "0" ? 10 : Int(String(c))!
            strategy = EveStrategy(attack: strategy?.attack ?? .interceptResend, fraction: Double(tenths) / 10)
        case (.eve, "B"):
            let attack: EveStrategy.Attack = strategy?.attack == .breidbart ? .interceptResend : .breidbart
            strategy = EveStrategy(attack: attack, fraction: strategy?.fraction ?? 1)
        case (.eve, "i"):
            for j in 0..<n where draftEve[j] == nil {
                draftEve[j] = .measure(Bool.random() ? .rectilinear : .diagonal, resend: .result)
            }
        default: break
        }
    }

    // MARK: drawing

    /// The photon rows: (label, one cell per photon, at most 2 columns each).
    func photonRows() -> [(String, [String])] {
        let n = view.photonCount
        let rows = view.photons
        let u = theme.unicode
        func cell(_ i: Int, _ f: (PhotonRow) -> String?) -> String { i < rows.count ? (f(rows[i]) ?? " ") : " " }
        var out: [(String, [String])] = [("photon", (0..<n).map { String($0 % 100) })]
        switch view.role {
        case .alice:
            let sent = !rows.isEmpty
            out.append(("bit", (0..<n).map { i in sent ? cell(i) { $0.bit.map(String.init) } : draftBits[i].map(String.init) ?? "?" }))
            out.append(("basis", (0..<n).map { i in
                sent ? cell(i) { $0.basis.map { RolePlayText.basis($0, unicode: u) } }
                    : draftBases[i].map { RolePlayText.basis($0, unicode: u) } ?? "?" }))
        case .bob:
            let measured = !rows.isEmpty
            out.append(("basis", (0..<n).map { i in
                measured ? cell(i) { $0.bobBasis.map { RolePlayText.basis($0, unicode: u) } }
                    : draftBases[i].map { RolePlayText.basis($0, unicode: u) } ?? "?" }))
            out.append(("result", (0..<n).map { i in cell(i) { $0.bobResult.map(String.init) } }))
        case .eve:
            let done = !rows.isEmpty
            func action(_ c: EveChoice?) -> String {
                switch c {
                case nil: return done ? "-" : "."
                case .pass?: return "-"
                case let .measure(b, _)?: return RolePlayText.eveBasis(b, unicode: u)
                }
            }
            func resend(_ c: EveChoice?) -> String {
                guard case let .measure(_, r)? = c else { return " " }
                switch r {
                case .result: return "r"
                case let .state(s): return RolePlayText.state(s, unicode: false)
                }
            }
            out.append(("measure", (0..<n).map { i in done ? action(rows[i].eveChoice) : action(draftEve[i]) }))
            out.append(("result", (0..<n).map { i in cell(i) { $0.eveResult.map(String.init) } }))
            out.append(("resend", (0..<n).map { i in done ? resend(rows[i].eveChoice) : resend(draftEve[i]) }))
        }
        if rows.contains(where: { $0.announcedBasis != nil }) {
            out.append(("Bob said", (0..<n).map { i in cell(i) { $0.announcedBasis.map { RolePlayText.basis($0, unicode: u) } } }))
        }
        if rows.contains(where: { $0.kept != nil }) {
            out.append(("kept", (0..<n).map { i in cell(i) { $0.kept.map { $0 ? "k" : "." } } }))
        }
        if rows.contains(where: { $0.sampled != nil }) {
            out.append(("sample", (0..<n).map { i in cell(i) { r in r.sampled == true ? (r.disclosedBit.map(String.init) ?? "s") : "." } }))
        }
        return out
    }

    /// The status lines under the channel: sample, keys, lengths, message, notice.
    func statusLines() -> [String] {
        var out: [String] = []
        if let e = view.sampleErrors, let n = view.sampleSize {
            out.append("sample: \(e) of \(n) bits differ" + (n > 0 ? " (QBER \(RolePlayText.percent(Double(e) / Double(n))))" : ""))
        }
        let k = view.key
        let who = view.role == .eve ? "your guess" : "your key"
        if let f = k.final { out.append("\(who): \(RolePlayText.bits(f, limit: 48)) (\(f.count) bits)") }
        else if let c = k.corrected { out.append("\(who) after Cascade: \(RolePlayText.bits(c, limit: 48))") }
        else if let r = k.raw { out.append("\(who) (raw): \(RolePlayText.bits(r, limit: 48))") }
        if let m = k.message { out.append("message: \"\(RolePlayText.safe(m, limit: 64))\"") }
        out += RolePlayText.verification(view.verification, unicode: theme.unicode).prefix(1)
        out += RolePlayText.keyLengths(toy: view.toyLength, finiteKey: view.finiteKey, unicode: theme.unicode)
        out += RolePlayText.authentication(view.authenticationCost).prefix(1)
        if let a = view.abortReason {
            out.append(RolePlayText.abortLine(a))
        }
        if let pending = view.pendingTampers, !pending.isEmpty { out.append("armed: \(pending.count) tampering rule\(pending.count == 1 ? "" : "s")") }
        if let line = forgeryLine { out.append(line) }
        return out
    }

    public func draw(into canvas: Canvas) {
        canvas.clear()
        let w = canvas.size.cols, h = canvas.size.rows
        var title = "BB84 \(view.role.rawValue.uppercased()): \(RolePlayText.phase(view.phase))"
        title += view.phase.isOver ? "" : "; waiting for \(waitingText)"
        var flags: [String] = []
        if view.eveAnnounced == true && view.role != .eve { flags.append("Eve on") }
        flags.append(view.authentication ? "auth on" : "auth OFF")
        canvas.put(title + " [" + flags.joined(separator: ", ") + "]", 0, 0, .bold)
        let hints = hintLines(width: w)
        for (k, line) in hints.enumerated() { canvas.put(line, 1 + k, 0, .dim) }
        // Photon strip: 3 columns a photon, scrolled to keep the cursor in sight.
        let label = 9
        let visible = max(1, (w - label) / 3)
        let n = view.photonCount
        let first = max(0, min(cursor - visible / 2, n - visible))
        var row = 2 + hints.count
        for (name, cells) in photonRows() {
            canvas.put(name, row, 0, .dim)
            for j in 0..<min(visible, n - first) {
                let i = first + j
                let text = cells[i].count == 1 ? " " + cells[i] : String(cells[i].suffix(2))
                canvas.put(text, row, label + 3 * j, i == cursor ? .inverse : .normal)
            }
            row += 1
        }
        // The cursor's column is marked by a character, not by inverse video alone.
        canvas.put(theme.up, row, label + 3 * (cursor - first) + 1, .accent)
        canvas.put("photon \(cursor) of \(n)" + (first > 0 ? "  \(theme.left) more" : "") + (first + visible < n ? "  more \(theme.right)" : ""),
                   row, min(w - 30, label + 3 * (cursor - first) + 3), .dim)
        row += 1
        let status = statusLines() + (notice.map { [$0] } ?? [])
        let channelTop = row + 1
        let channelRows = max(1, h - channelTop - 1 - status.count)
        canvas.hline(channelTop - 1)
        let lines = RolePlayText.channel(view.channel, unicode: theme.unicode)
        canvas.put("public channel (\(lines.count) message\(lines.count == 1 ? "" : "s"))", channelTop - 1, 2, .dim)
        let end = max(0, lines.count - channelBack)
        let start = max(0, end - channelRows)
        for (k, line) in lines[start..<end].enumerated() {
            let ink: Ink = line.contains("[") ? .warn : .normal
            canvas.put(line, channelTop + k, 0, ink)
        }
        for (k, line) in status.enumerated() {
            canvas.put(line, h - status.count + k, 0, line.hasPrefix("ABORTED") || line.hasPrefix("refused") ? .bad : .normal)
        }
    }
}
