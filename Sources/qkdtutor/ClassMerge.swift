import ArgumentParser
import Foundation
import Tutor

/// `qkdtutor class merge`: many students' exports or progress files into one
/// class table with per-question statistics (docs/progress-export.md).
struct ClassMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge students' exports or progress files into one class table, with per-question statistics.",
        discussion: "Reads CSV or JSON exports ('progress --export') and progress.json files. See docs/progress-export.md.")
    @Argument(help: "Export files (.csv, .json) or progress.json files.") var files: [String]
    @Option(help: "Write the class table (CSV) here; '-' is standard output.") var csv: String
    @Option(help: "Also write the per-question statistics as CSV here.") var stats: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to merge") }
    }

    func run() throws {
        var rows: [[(String, String)]] = []
        for f in files {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: f)) } catch {
                throw OneLineError("cannot read \(f): \((error as NSError).localizedFailureReason ?? "no such file or not readable")")
            }
            do { rows += try Tutor.ClassMerge.rows(from: data, name: f) } catch { throw OneLineError("\(error)") }
        }
        let table = Tutor.ClassMerge.merge(rows)
        let perQuestion = Tutor.ClassMerge.stats(table)
        try writeOutput(ProgressExport.csv(table), to: csv)
        if let path = stats { try writeOutput(Tutor.ClassMerge.statsCSV(perQuestion), to: path) }
        let summary = "\(table.rows.count) attempt\(table.rows.count == 1 ? "" : "s") from \(files.count) file\(files.count == 1 ? "" : "s")"
        if csv == "-" { FileHandle.standardError.write(Data((summary + "\n" + Tutor.ClassMerge.statsText(perQuestion)).utf8)) }
        else { print("Wrote \(csv): " + summary + "."); print(Tutor.ClassMerge.statsText(perQuestion), terminator: "") }
    }
}

/// A failure printed as one line, with status 1.
struct OneLineError: Error, CustomStringConvertible {
    var description: String
    init(_ s: String) { description = s }
}

/// Writes text to a file ('-' = standard output) in place: through symlinks
/// to their target, and into a device or pipe without replacing it. Short
/// writes and ENOSPC are errors. One-line messages: "cannot write FILE: reason".
func writeOutput(_ text: String, to path: String) throws {
    if path == "-" { FileHandle.standardOutput.write(Data(text.utf8)); return }
    var st = stat()
    let exists = stat(path, &st) == 0
    if exists && (st.st_mode & S_IFMT) == S_IFDIR { throw OneLineError("cannot write \(path): it is a directory") }
    let regular = !exists || (st.st_mode & S_IFMT) == S_IFREG
    // O_TRUNC only for regular files: a device is written as it is.
    let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (regular ? O_TRUNC : 0), 0o644)
    guard fd >= 0 else { throw OneLineError("cannot write \(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
        if n < 0 {
            if errno == EINTR { continue }
            throw OneLineError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        if n == 0 { throw OneLineError("cannot write \(path): short write") }
        offset += n
    }
    if regular && fsync(fd) != 0 && errno != EINVAL { throw OneLineError("cannot write \(path): \(String(cString: strerror(errno)))") }
}
