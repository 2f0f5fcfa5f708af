// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Foundation
import RolePlay

/// The typed commands of a role's line session (`class join --role`), read
/// into the engine's moves. One line in, one move or a one-line error out.
public enum RoleCommands {
    public enum Parsed: Equatable {
        case action(GameAction)
        /// help, show, quit: handled by the session.
        case local(String)
    }

    public static func help(_ role: RolePlay.Role) -> [String] {
        switch role {
        case .alice: [
            "send random                 prepare every photon with a random bit and basis, and send",
            "send BITS BASES             e.g. 'send 0110 +x+x' (? = random; missing photons are random)",
            "sift                        post which photons to keep (where Bob's basis matched yours)",
            "sample [N|standard|P P …]   disclose a sample of sifted bits for the QBER (default: standard)",
            "reconcile                   run Cascade (every parity goes on the public channel)",
            "amplify                     post the Toeplitz seed: both hash to the final key",
            "encrypt [MESSAGE]           one-time pad your message (default: the game's) with the final key",
        ]
        case .bob: [
            "measure random              (also 'bases random') measure every photon in a random basis",
            "measure BASES               e.g. 'measure +x?+' (? = random; missing photons are random)",
            "announce                    (also 'post bases') post your bases on the public channel",
            "report                      (also 'post errors') compare the sample with your bits and post the error count",
            "reconcile                   run Cascade with Alice",
            "decrypt                     decrypt the ciphertext you received: the game ends",
        ]
        case .eve: [
            "intercept all               intercept-resend on every photon (random basis)",
            "intercept FRACTION          intercept-resend on a random fraction, e.g. 'intercept 0.5'",
            "intercept breidbart [F]     measure in the Breidbart basis (all, or a fraction F)",
            "intercept none              let every photon pass",
            "intercept BASES             per photon: + x b (Breidbart) or - (let pass), e.g. 'intercept +x-b'",
            "tamper bases BASES          replace Bob's next basis announcement (works with authentication off)",
            "tamper kept P P …           replace Alice's next list of kept photons",
            "tamper parities             flip Alice's next Cascade parities",
            "tamper forge TEXT           replace the ciphertext so Bob reads TEXT where your key guess is right",
        ]
        }
    }

    public static let common = ["show                        print your view again", "help                        this list",
                                "quit                        leave (run the same 'class join' again to take your role back)"]

    static func bases(_ s: Substring, allowMissing: Bool = true) throws(GameError) -> [Basis?] {
        try s.map { (c: Character) throws(GameError) -> Basis? in
            switch c {
            case "+": .rectilinear
            case "x", "X": .diagonal
            case "?": nil
            default: throw GameError.invalidAction("'\(c)' is not a basis: use + x or ?")
            }
        }
    }

    /// Reads one line typed by `role`. Throws a `GameError` with a one-line message.
    public static func parse(_ line: String, role: RolePlay.Role, photons: Int) throws(GameError) -> Parsed {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard let verb = words.first?.lowercased() else { throw .invalidAction("type a command ('help' lists them)") }
        let args = Array(words.dropFirst())
        switch verb {
        case "help", "?", "show", "view", "quit", "exit": return .local(verb == "?" ? "help" : verb == "view" ? "show" : verb == "exit" ? "quit" : verb)
        default: break
        }
        switch (role, verb) {
        case (.alice, "send"):
            if args.isEmpty || args.first?.lowercased() == "random" { return .action(.send(preparations: [])) }
            let bits = Array(args[0])
            let bs = args.count > 1 ? try bases(args[1]) : []
            guard bits.count <= photons, bs.count <= photons else { throw .tooManyEntries(max(bits.count, bs.count), photons: photons) }
            var preps: [Preparation] = []
            for i in 0..<max(bits.count, bs.count) {
                var p = Preparation()
                if i < bits.count {
                    switch bits[i] { case "0": p.bit = 0; case "1": p.bit = 1; case "?": break
                    default: throw .invalidAction("'\(bits[i])' is not a bit: use 0 1 or ?") }
                }
                if i < bs.count { p.basis = bs[i] }
                preps.append(p)
            }
            return .action(.send(preparations: preps))
        case (.alice, "sift"),
             (.alice, "post") where args.first?.lowercased() == "kept":
            return .action(.sift)
        case (.alice, "sample"), (.alice, "disclose"):
            if args.isEmpty || args[0].lowercased() == "standard" { return .action(.disclose(.standard)) }
            let ns = args.compactMap { Int($0) }
            guard ns.count == args.count else { throw .invalidAction("sample takes a count or photon numbers") }
            return .action(.disclose(ns.count == 1 ? .count(ns[0]) : .positions(ns)))
        case (.alice, "reconcile"), (.bob, "reconcile"), (.alice, "cascade"), (.bob, "cascade"): return .action(.reconcile)
        case (.alice, "amplify"): return .action(.amplify)
        case (.alice, "encrypt"):
            let m = args.isEmpty ? nil : args.joined(separator: " ")
            if let m { try GameConfig.validateMessage(m) }
            return .action(.encrypt(message: m))
        case (.bob, "measure"),
             (.bob, "bases") where args.first?.lowercased() == "random":
            if args.isEmpty || args[0].lowercased() == "random" { return .action(.measure(bases: [])) }
            let bs = try bases(args[0])
            guard bs.count <= photons else { throw .tooManyEntries(bs.count, photons: photons) }
            return .action(.measure(bases: bs))
        case (.bob, "announce"),
             (.bob, "post") where args.first?.lowercased() == "bases":
            return .action(.announceBases)
        case (.bob, "report"),
             (.bob, "post") where args.first?.lowercased() == "errors":
            return .action(.reportErrors)
        case (.bob, "decrypt"): return .action(.decrypt)
        case (.eve, "intercept"):
            guard let a = args.first?.lowercased() else { throw .invalidAction("intercept all, none, a fraction, breidbart [F], or bases per photon") }
            switch a {
            case "all": return .action(.intercept(choices: [], strategy: EveStrategy(attack: .interceptResend)))
            case "none": return .action(.intercept(choices: [], strategy: nil))
            case "breidbart":
                let f = args.count > 1 ? Double(args[1]) : 1
                guard let f, f >= 0, f <= 1 else { throw .invalidAction("the fraction is a number from 0 to 1") }
                return .action(.intercept(choices: [], strategy: EveStrategy(attack: .breidbart, fraction: f)))
            default:
                if let f = Double(a) {
                    guard f >= 0, f <= 1 else { throw .invalidAction("the fraction is a number from 0 to 1") }
                    return .action(.intercept(choices: [], strategy: EveStrategy(attack: .interceptResend, fraction: f)))
                }
                guard a.count <= photons else { throw .tooManyEntries(a.count, photons: photons) }
                let choices = try a.map { (c: Character) throws(GameError) -> EveChoice? in
                    switch c {
                    case "+": .measure(.rectilinear, resend: .result)
                    case "x": .measure(.diagonal, resend: .result)
                    case "b": .measure(.breidbart, resend: .result)
                    case "-": .pass
                    default: throw GameError.invalidAction("'\(c)' is not a choice: use + x b or -")
                    }
                }
                return .action(.intercept(choices: choices, strategy: nil))
            }
        case (.eve, "tamper"):
            guard let what = args.first?.lowercased() else { throw .invalidAction("tamper bases BASES, kept P P …, parities, or forge TEXT") }
            switch what {
            case "bases":
                guard args.count == 2 else { throw .invalidAction("tamper bases takes one basis per photon, e.g. +x+x") }
                let bs = try bases(args[1])
                guard !bs.contains(nil) else { throw .invalidAction("a forged announcement names every basis (+ or x), no ?") }
                return .action(.tamper(.replaceNext(.bases(bs.compactMap { $0 }))))
            case "kept":
                let ns = args.dropFirst().compactMap { Int($0) }
                guard ns.count == args.count - 1 else { throw .invalidAction("tamper kept takes photon numbers") }
                return .action(.tamper(.replaceNext(.kept(ns))))
            case "parities": return .action(.tamper(.flipNextParities))
            case "forge":
                let text = args.dropFirst().joined(separator: " ")
                try GameConfig.validateMessage(text)
                return .action(.tamper(.forgeCiphertext(plaintext: text)))
            default: throw .invalidAction("tamper bases, kept, parities or forge")
            }
        default:
            throw .invalidAction("'\(verb)' is not a command for \(role.rawValue) ('help' lists them)")
        }
    }
}

/// Plays a seat with the engine's `AutoPlayer` (it sees only that role's
/// view, as a human in the seat would): after every new view, its next move
/// if it is this role's turn, until the game is over or `stop()` says so.
public enum AutoSeatPlayer {
    /// Returns the server's message if it refused a move: the game cannot go
    /// on for this seat then, and waiting for the next view would wait forever.
    @discardableResult
    public static func play(_ seat: GameSeat, player: AutoPlayer, stop: () -> Bool = { false }, onMove: (GameAction) -> Void = { _ in }) -> String? {
        var player = player
        var actedAt = -1
        let errorsBefore = seat.receivedErrors.count
        while !stop() {
            let arrived = seat.wait(timeout: 0.5, until: { ($0.latestView?.seq ?? -1) > actedAt || $0.receivedErrors.count > errorsBefore })
            if let refused = seat.receivedErrors.dropFirst(errorsBefore).first { return refused.message }
            guard arrived, let frame = seat.latestView,
                  let v = GameJSON.decode(RoleView.self, frame.view) else { continue }
            actedAt = frame.seq
            if v.phase.isOver { return nil }
            if let a = player.nextAction(for: v) { onMove(a); seat.act(GameJSON.encode(a)) }
        }
        return nil
    }

    /// A seed for a seat's AutoPlayer: the game and the role, so two runs of a game play alike.
    public static func seed(game: Int64, role: RolePlay.Role) -> UInt64 {
        UInt64(bitPattern: game) &* 31 &+ UInt64(RolePlay.Role.allCases.firstIndex(of: role) ?? 0)
    }
}
