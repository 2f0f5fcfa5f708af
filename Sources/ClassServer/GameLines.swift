// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Foundation
import RolePlay

/// The lines the server puts in its role-play frames (what line mode prints
/// and a screen reader reads). The wording is the engine's (`RolePlayText`,
/// the same text the studio screens draw); this file only shapes it for the
/// frames: the public channel travels in its own `game-public` frame, so it is
/// cut out of the role and projector views, and the projector's reveal
/// travels in `revealLines`.
public enum GameLines {
    /// The public channel as one role (or the projector) received it.
    public static func channel(_ entries: [ChannelEntry]) -> [String] { RolePlayText.channel(entries) }

    /// A role's view without its public channel (the `game-public` frame carries that).
    public static func view(_ v: RoleView) -> [String] {
        var out = withoutChannel(RolePlayText.view(v))
        // Not (yet) in RolePlayText.view: Eve's armed tampering rules, one line.
        if let ts = v.pendingTampers, !ts.isEmpty { out.append("Armed tampering: " + ts.map(tamper).joined(separator: "; ")) }
        return out
    }

    /// The projector's progress without the channel (its own frame) or the reveal (`revealLines`).
    public static func projector(_ p: ProjectorView) -> [String] {
        var q = p
        q.reveal = nil
        var out = withoutChannel(RolePlayText.projector(q))
        // The room reads the projector: until the game is over a secret Eve must read exactly
        // like no Eve, so only an announced Eve is named. (rp-engine2 makes RolePlayText.projector
        // name Eve only when she plays openly; until then her mode is cut out here.)
        if p.eve != .on, !p.phase.isOver, !out.isEmpty {
            out[0] = out[0].replacingOccurrences(of: "; Eve \(p.eve.rawValue)", with: "")
        }
        return out
    }

    /// The hidden truth, photon by photon, then the QBER against p/4, the keys and the tampered messages.
    public static func reveal(_ r: Reveal) -> [String] { RolePlayText.reveal(r) }

    /// `lines` without the block that starts "Public channel, N messages:" and
    /// its indented message lines.
    static func withoutChannel(_ lines: [String]) -> [String] {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Public channel, ") }) else { return lines }
        var end = start + 1
        while end < lines.count, lines[end].hasPrefix("  ") { end += 1 }
        return Array(lines[..<start] + lines[end...])
    }

    static func tamper(_ t: Tamper) -> String {
        switch t {
        case .replaceNext(let b): "replace the next \(b.kind.rawValue) message with: \(RolePlayText.body(b))"
        case .flipNextParities: "flip Alice's next parities"
        case .forgeCiphertext(let p): "forge the ciphertext to read \"\(RolePlayText.safe(p, limit: 64))\""
        }
    }
}
