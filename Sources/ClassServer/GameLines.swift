// SPDX-License-Identifier: GPL-3.0-or-later
import ClassProtocol
import Foundation
import RolePlay

/// The lines the server puts in its role-play frames (what line mode prints
/// and a screen reader reads). The wording is the engine's (`RolePlayText`,
/// the same text the studio screens draw); this file only picks what goes in
/// which frame: the public channel travels in its own `game-public` frame, so
/// the views are rendered without it, and the projector's reveal travels in
/// `revealLines`.
public enum GameLines {
    /// The public channel as one role (or the projector) received it.
    public static func channel(_ entries: [ChannelEntry]) -> [String] { RolePlayText.channel(entries) }

    /// A role's view without its public channel (the `game-public` frame carries that).
    public static func view(_ v: RoleView) -> [String] { RolePlayText.view(v, channel: false) }

    /// The projector's progress without the channel (its own frame) or the reveal
    /// (`revealLines`). `RolePlayText.projector` names Eve only when she plays
    /// openly or the game is over, so a secret Eve reads like no Eve.
    public static func projector(_ p: ProjectorView) -> [String] {
        var q = p
        q.reveal = nil
        return RolePlayText.projector(q, channel: false)
    }

    /// The hidden truth, photon by photon, then the QBER against p/4, the keys and the tampered messages.
    public static func reveal(_ r: Reveal) -> [String] { RolePlayText.reveal(r) }
}
