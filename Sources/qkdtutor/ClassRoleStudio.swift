import ClassClient
import ClassProtocol
import Commands
import Foundation
import RolePlay
import Studio

/// The role-play studio screens (rp-engine's `RolePlayStudio`) fed by a seat:
/// each poll hands over the newest view and any refusal since the last one;
/// the moves go out through the seat. Text from the network is made safe by
/// the screens (`RolePlayText.safe`) and the refusals by `ClassText.printable`.
final class SeatPoller: @unchecked Sendable {
    let seat: GameSeat
    var lastSeq: Int
    var errorsSeen: Int

    init(_ seat: GameSeat, shownSeq: Int) {
        self.seat = seat; lastSeq = shownSeq; errorsSeen = seat.receivedErrors.count
    }

    func refusals() -> [String] {
        let errors = seat.receivedErrors
        defer { errorsSeen = errors.count }
        return errors.dropFirst(errorsSeen).map { ClassText.printable($0.message, limit: 300) }
    }

    func role() -> [RolePlayUpdate<RoleView>] {
        var out = refusals().map { RolePlayUpdate<RoleView>.refused($0) }
        if let f = seat.latestView, f.seq > lastSeq, let v = GameJSON.decode(RoleView.self, f.view) {
            lastSeq = f.seq
            out.append(.view(v))
        }
        if !seat.link.isConnected && seat.link.reconnects > 8 { out.append(.closed("the class server is unreachable")) }
        return out
    }

    func projector() -> [RolePlayUpdate<ProjectorView>] {
        guard let f = seat.latestProjector, f.seq > lastSeq, let v = ClassRoleStudio.projectorView(f) else { return [] }
        lastSeq = f.seq
        return [.view(v)]
    }
}

enum ClassRoleStudio {
    /// The projector view with its reveal put back (the frame carries it apart).
    static func projectorView(_ f: GameProjector) -> ProjectorView? {
        guard var v = GameJSON.decode(ProjectorView.self, f.view) else { return nil }
        if let r = f.reveal { v.reveal = GameJSON.decode(Reveal.self, r) }
        // A running secret Eve already reads as no Eve: `BB84Game.projectorView` masks her.
        return v
    }

    /// A role's full screen; false when there is no usable terminal (line mode then).
    static func role(_ seat: GameSeat, style: TextStyle) -> Bool {
        guard let f = seat.latestView, let v = GameJSON.decode(RoleView.self, f.view) else { return false }
        let poller = SeatPoller(seat, shownSeq: f.seq)
        return RolePlayStudio.runRole(initial: v, theme: Theme(style), poll: { poller.role() },
                                      submit: { a in seat.act(GameJSON.encode(a)) },
                                      closing: { line in print(line) })
    }

    /// The projector's full screen until q (the studio's projector screen under
    /// a line of who holds each role); false when there is no usable terminal.
    static func projector(_ seat: GameSeat, style: TextStyle) -> Bool {
        guard seat.wait(timeout: 10, until: { $0.latestProjector != nil }), let f = seat.latestProjector,
              let v = projectorView(f) else { return false }
        let poller = SeatPoller(seat, shownSeq: f.seq)
        var theme = Theme(style)
        theme.projector = true
        var seats = f.seats ?? []
        return RolePlayStudio.runProjector(initial: v, theme: theme, poll: {
            seats = seat.latestProjector?.seats ?? seats
            return poller.projector()
        }, caption: { caption(game: f.game, seats: seats) }, closing: { line in print(line) })
    }

    /// The live projector's caption: the game and who holds each role (the
    /// server leaves a secret Eve out until the end).
    static func caption(game: Int64, seats: [GameSeatNames]) -> String {
        "Game \(game) | " + (seats.isEmpty ? "no player yet" : seats.map(\.line).joined(separator: " | "))
    }
}
