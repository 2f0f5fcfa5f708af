import ArgumentParser
import Commands

/// The version printed by `--version`.
public let qkdtutorVersion = "0.1.0"

public struct QKDTutor: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "qkdtutor",
        abstract: "A terminal tutor for quantum key distribution.",
        discussion: "From one polarized photon to BB84, E91, key distillation and real QKD networks.",
        version: qkdtutorVersion,
        subcommands: [Run.self, Doctor.self])
    public init() {}
}

public struct Run: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Run one seeded simulation.",
        subcommands: [RunBB84.self, RunNetwork.self, RunSatellite.self])
    public init() {}
}
