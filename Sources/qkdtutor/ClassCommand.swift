import ArgumentParser

/// The live classroom: a teacher's server, students joining it, the roster and the export.
struct ClassCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "class",
        abstract: "A class: serve a live session, join it, watch the roster, export the answers, merge students' files, play BB84 in roles.",
        discussion: """
        The teacher runs 'qkdtutor class serve' and reads out the join code; students run \
        'qkdtutor class join HOST --code CODE --name NAME'; the projector runs \
        'qkdtutor demo LESSON --class HOST', which opens that lesson for everyone. \
        Role play: 'qkdtutor class game bb84' starts a game, students add '--role alice|bob|eve' \
        to 'class join', and 'class replay GAME' shows a stored game again. \
        Protocol and limits: docs/class-protocol.md.
        """,
        subcommands: [ClassServe.self, ClassJoin.self, ClassWatch.self, ClassExport.self, ClassBench.self, ClassMergeCommand.self,
                      ClassGame.self, ClassReplay.self])
}
