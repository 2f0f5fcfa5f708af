import ArgumentParser

/// `qkdtutor class …`: a teacher's commands. `merge` lives in ClassMerge.swift;
/// the classroom adds serve/join/watch/export in their own files and lists them below.
struct ClassCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "class",
        abstract: "Class results: merge students' exports into one table.",
        subcommands: [ClassMergeCommand.self])
}
