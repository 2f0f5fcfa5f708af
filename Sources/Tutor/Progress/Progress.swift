import Foundation

/// Everything the tutor remembers about a learner, one JSON file.
public struct ProgressFile: Codable, Sendable, Equatable {
    public static let currentVersion = 1
    public var version = ProgressFile.currentVersion
    public var lessons: [String: LessonProgress] = [:]
    public init() {}
}

public struct QuestionProgress: Codable, Sendable, Equatable {
    public var attempts = 0
    public var hints = 0
    public var correct = false
    public var revealed = false
    public var skipped = false
    public init() {}
}

public struct LessonProgress: Codable, Sendable, Equatable {
    public var title: String
    public var contentHash: String
    public var seed: UInt64
    /// The step id to resume at: ids, never line numbers, so edits keep it.
    public var step: String
    public var questions: [String: QuestionProgress] = [:]
    public var skippedSteps: [String] = []
    public var started: Date
    public var updated: Date
    public var completed: Date?

    public init(lesson: Lesson, now: Date = Date.wholeSeconds()) {
        title = lesson.metadata.title
        contentHash = lesson.contentHash
        seed = lesson.metadata.seed
        step = lesson.steps.first?.id ?? ""
        started = now; updated = now
    }

    /// Questions answered right, without the answer being revealed.
    public var score: Int { questions.values.filter { $0.correct && !$0.revealed }.count }
    public var hintsUsed: Int { questions.values.reduce(0) { $0 + $1.hints } }

    enum CodingKeys: String, CodingKey {
        case title, contentHash, seed, step, questions, skippedSteps, started, updated, completed, score
    }
    public init(from d: any Decoder) throws {
        let c = try d.container(keyedBy: CodingKeys.self)
        title = try c.decode(String.self, forKey: .title)
        contentHash = try c.decode(String.self, forKey: .contentHash)
        seed = try c.decode(UInt64.self, forKey: .seed)
        step = try c.decode(String.self, forKey: .step)
        questions = try c.decodeIfPresent([String: QuestionProgress].self, forKey: .questions) ?? [:]
        skippedSteps = try c.decodeIfPresent([String].self, forKey: .skippedSteps) ?? []
        started = try c.decode(Date.self, forKey: .started)
        updated = try c.decode(Date.self, forKey: .updated)
        completed = try c.decodeIfPresent(Date.self, forKey: .completed)
    }
    public func encode(to e: any Encoder) throws {
        var c = e.container(keyedBy: CodingKeys.self)
        try c.encode(title, forKey: .title); try c.encode(contentHash, forKey: .contentHash)
        try c.encode(seed, forKey: .seed); try c.encode(step, forKey: .step)
        try c.encode(questions, forKey: .questions); try c.encode(skippedSteps, forKey: .skippedSteps)
        try c.encode(started, forKey: .started); try c.encode(updated, forKey: .updated)
        try c.encodeIfPresent(completed, forKey: .completed)
        try c.encode(score, forKey: .score)   // written for readers; recomputed on load
    }
}

/// Reads and writes progress.json. Writes are atomic (temp file, then
/// rename), so a kill at any moment leaves the old or the new file whole.
/// A file that cannot be read is moved aside, never overwritten.
public final class ProgressStore {
    public let url: URL
    /// Set by `load` when a bad file was moved aside.
    public private(set) var warning: String?

    public init(directory: URL) { url = directory.appendingPathComponent("progress.json") }

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.dateEncodingStrategy = .iso8601
        return e
    }

    public func load(now: Date = Date()) -> ProgressFile {
        warning = nil
        guard let data = try? Data(contentsOf: url) else { return ProgressFile() }
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        struct VersionOnly: Decodable { var version: Int }
        let reason: String
        if let v = try? d.decode(VersionOnly.self, from: data) {
            if v.version > ProgressFile.currentVersion {
                reason = "was written by a newer qkdtutor (version \(v.version))"
            } else if let file = try? d.decode(ProgressFile.self, from: data) {
                return file
            } else { reason = "is damaged" }
        } else { reason = "is not a progress file this qkdtutor can read" }
        let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "")
        let aside = url.deletingLastPathComponent().appendingPathComponent("progress.json.corrupt-\(stamp)")
        do {
            try FileManager.default.moveItem(at: url, to: aside)
            warning = "\(url.path) \(reason); moved it to \(aside.lastPathComponent) and started afresh"
        } catch {
            warning = "\(url.path) \(reason) and could not be moved aside (\(error.localizedDescription)); progress will not be saved"
            readOnly = true
        }
        return ProgressFile()
    }

    /// True when a bad file could not be moved: never overwrite it.
    public private(set) var readOnly = false

    public func save(_ file: ProgressFile) throws {
        guard !readOnly else { return }
        let dir = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let data = try Self.encoder.encode(file)
        let temp = dir.appendingPathComponent(".progress.json.\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: data) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temp.path])
        }
        // Flush before the rename so a crash cannot leave an empty file in place.
        if let h = FileHandle(forUpdatingAtPath: temp.path) { try? h.synchronize(); try? h.close() }
        guard rename(temp.path, url.path) == 0 else {
            let e = errno
            unlink(temp.path)
            throw POSIXError(POSIXErrorCode(rawValue: e) ?? .EIO)
        }
    }

    /// Loads, changes and saves in one go.
    public func update(_ change: (inout ProgressFile) -> Void) throws {
        var f = load()
        change(&f)
        try save(f)
    }
}

extension Date {
    /// Now, to the second: the JSON keeps ISO 8601 seconds, so a saved
    /// file reads back equal.
    public static func wholeSeconds() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }
}
