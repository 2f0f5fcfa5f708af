import ArgumentParser
import Foundation
import Tutor

/// `qkdtutor class …`: a teacher's commands. `merge` is here; the classroom
/// adds serve/join/watch/export in their own files and lists them below.
struct ClassCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "class",
        abstract: "Class results: merge students' exports into one table.",
        subcommands: [ClassMerge.self])
}

extension ClassCommand {
    struct ClassMerge: ParsableCommand {
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
}

/// A failure printed as one line, with status 1.
struct OneLineError: Error, CustomStringConvertible {
    var description: String
    init(_ s: String) { description = s }
}

/// Writes text to a file ('-' = standard output), through symlinks; one-line errors.
func writeOutput(_ text: String, to path: String) throws {
    if path == "-" { FileHandle.standardOutput.write(Data(text.utf8)); return }
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDir), isDir.boolValue {
        throw OneLineError("cannot write \(path): it is a directory")
    }
    guard let h = FileHandle(forWritingAtPath: target.path) ?? {
        FileManager.default.createFile(atPath: target.path, contents: nil) ? FileHandle(forWritingAtPath: target.path) : nil
    }() else { throw OneLineError("cannot write \(path): permission denied or no such folder") }
    do {
        try h.truncate(atOffset: 0)
        try h.write(contentsOf: Data(text.utf8))
        try h.close()
    } catch { throw OneLineError("cannot write \(path): \((error as NSError).localizedFailureReason ?? "\(error)")") }
}
