import Commands
import Foundation

/// Finds lessons: by path, or by id among the bundled ones.
public enum LessonLibrary {
    public struct Entry: Sendable {
        public var url: URL
        public var lesson: Lesson?
        public var diagnostics: [Diagnostic]
    }

    public static func bundled(_ directory: URL? = Paths.lessonDirectory()) -> [Entry] {
        guard let dir = directory else { return [] }
        return Linter.expand([dir.path]).map { url in
            let r = LessonParser.load(url)
            return Entry(url: url, lesson: r.lesson, diagnostics: r.diagnostics)
        }
    }

    public enum FindError: Error, CustomStringConvertible {
        case notFound(String, known: [String])
        case broken(String)
        public var description: String {
            switch self {
            case .notFound(let name, let known):
                return "no lesson '\(name)'" + (known.isEmpty ? " (no lesson folder found; set QKDTUTOR_LESSONS)" : "; lessons: \(known.joined(separator: ", "))")
            case .broken(let text): return text
            }
        }
    }

    /// A path (anything with '/' or ending in .lesson) or a bundled id.
    public static func find(_ name: String, directory: URL? = Paths.lessonDirectory()) throws(FindError) -> Lesson {
        let url: URL
        if name.contains("/") || name.hasSuffix(".lesson") {
            url = URL(fileURLWithPath: name)
        } else {
            let entries = bundled(directory)
            guard let e = entries.first(where: { $0.lesson?.metadata.id == name || $0.url.deletingPathExtension().lastPathComponent == name }) else {
                throw .notFound(name, known: entries.compactMap { $0.lesson?.metadata.id })
            }
            url = e.url
        }
        let r = LessonParser.load(url)
        let errors = r.diagnostics.filter { $0.severity == .error }
        guard let lesson = r.lesson, errors.isEmpty else {
            throw .broken(errors.map { $0.render(file: url.path, source: r.source) }.joined(separator: "\n"))
        }
        return lesson
    }
}
