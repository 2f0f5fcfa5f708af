/// Greedy word wrap: prose is stored as paragraphs and fitted to the screen.
public enum TextWrap {
    /// The first line starts with `indent`; later lines hang under its text.
    public static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        let lead = visibleCount(indent)
        let hanging = String(repeating: " ", count: lead)
        let room = max(10, width - lead)
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty { current = String(word) }
            else if current.count + 1 + word.count <= room { current += " " + word }
            else { lines.append((lines.isEmpty ? indent : hanging) + current); current = String(word) }
        }
        if !current.isEmpty || lines.isEmpty { lines.append((lines.isEmpty ? indent : hanging) + current) }
        return lines
    }

    /// Characters that take a column: ANSI escape sequences do not.
    public static func visibleCount(_ s: String) -> Int {
        var n = 0
        var inEscape = false
        for c in s {
            if inEscape { if c.isLetter { inEscape = false }; continue }
            if c == "\u{1B}" { inEscape = true; continue }
            n += 1
        }
        return n
    }
}
