import Foundation

/// Where the tutor keeps learner state and finds lessons.
public enum Paths {
    /// `$XDG_STATE_HOME/qkdtutor`, else `~/.local/state/qkdtutor`
    /// (XDG Base Directory Specification 0.8).
    public static func stateDirectory(_ env: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let x = env["XDG_STATE_HOME"], x.hasPrefix("/") {
            return URL(fileURLWithPath: x).appendingPathComponent("qkdtutor")
        }
        let home = env["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/qkdtutor")
    }

    /// Candidate lesson folders, best first: `$QKDTUTOR_LESSONS`, the
    /// installed share folder beside the binary, then the source tree.
    public static func lessonDirectoryCandidates(_ env: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var out: [URL] = []
        if let d = env["QKDTUTOR_LESSONS"], !d.isEmpty { out.append(URL(fileURLWithPath: d)) }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        out.append(exe.deletingLastPathComponent().appendingPathComponent("../share/qkdtutor/Lessons").standardized)
        // Sources/Commands/Support/Paths.swift → the package root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        out.append(root.appendingPathComponent("Lessons"))
        return out
    }

    /// The first candidate lesson folder that exists.
    public static func lessonDirectory(_ env: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        lessonDirectoryCandidates(env).first { url in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
        }
    }
}
