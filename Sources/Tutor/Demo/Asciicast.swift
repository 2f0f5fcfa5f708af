import Foundation

/// An asciicast v2 recording (the format asciinema plays): a JSON header
/// line, then one JSON array per event, `[time, "o", text]` for output and
/// `[time, "m", label]` for markers. Spec: docs.asciinema.org, "asciicast v2".
public struct AsciicastRecorder {
    public let width: Int
    public let height: Int
    public let title: String
    public private(set) var events: [(time: Double, code: String, data: String)] = []
    /// The widest line written, in characters (escape sequences not counted).
    public private(set) var widest = 0
    private var column = 0

    public init(width: Int, height: Int, title: String) {
        self.width = width; self.height = height; self.title = title
    }

    /// Terminal output: a bare LF becomes CR LF, as a real terminal shows it.
    public mutating func output(_ text: String, at time: Double) {
        guard !text.isEmpty else { return }
        measure(text)
        append(time, "o", text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"))
    }

    /// Follows the cursor's column through plain text, CR/LF and CSI sequences (a CSI
    /// cursor move restarts the count at its column, as far as it can be told).
    mutating func measure(_ text: String) {
        var escape = false, csi = false
        for u in text.unicodeScalars {
            if escape {
                if !csi { if u == "[" { csi = true } else { escape = false }; continue }
                if (0x40...0x7E).contains(u.value) { escape = false; csi = false; if u == "H" { column = 0 } }
                continue
            }
            switch u {
            case "\u{1b}": escape = true
            case "\n", "\r": column = 0
            default:
                if u.value >= 0x20 { column += 1; widest = max(widest, column) }
            }
        }
    }

    public mutating func marker(_ label: String, at time: Double) { append(time, "m", label) }

    private mutating func append(_ t: Double, _ code: String, _ data: String) {
        // Times never decrease, even if a caller's clock did.
        let time = max(t, events.last?.time ?? 0)
        if code == "o", let last = events.last, last.code == "o", last.time == time {
            events[events.count - 1].data += data
        } else {
            events.append((time, code, data))
        }
    }

    /// The file's text. No wall-clock timestamp, so equal runs give equal files.
    public func serialized() -> String {
        // The header is never narrower than what was written (a wide report line).
        let header = "{\"version\": 2, \"width\": \(max(width, widest)), \"height\": \(height), \"title\": \(Self.quote(title)), \"env\": {\"TERM\": \"xterm-256color\"}}"
        var lines = [header]
        for e in events {
            lines.append("[\(String(format: "%.6f", e.time)), \"\(e.code)\", \(Self.quote(e.data))]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quote(_ s: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
